import Link from 'next/link';
import type { ActionType } from '@/lib/uploads/shared/action-types';

/** The mass action whose failed rows the file retries, as the start page was asked for it (`?retryOf=`). */
export interface RetryTarget {
  bulkKey: string;
  label: string | null;
  /** Its type, when Zuora gave one the console can start. */
  actionType: ActionType | null;
  /** Why the link's retryOf cannot be used (not a bulk key, not followed): the file is then checked as a new upload. */
  problem: string | null;
}

/** "A retry of <label>": what the file should be, and the way out for a file that is not one. */
export function RetryNotice({ retryOf }: { retryOf: RetryTarget }) {
  if (retryOf.problem) {
    return (
      <p role="note" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 wrap-anywhere">
        {retryOf.problem} A file checked here is a new upload, not a retry.
      </p>
    );
  }
  return (
    <section aria-labelledby="start-retry-title" className="rounded border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-slate-800">
      <h2 id="start-retry-title" className="font-semibold wrap-anywhere">
        A retry of{' '}
        <Link href={`/mass-actions/${retryOf.bulkKey}`} title={`Bulk key ${retryOf.bulkKey}`} className={`text-blue-800 underline ${retryOf.label ? '' : 'font-mono text-xs'}`}>
          {retryOf.label ?? retryOf.bulkKey}
        </Link>
      </h2>
      <p className="mt-1">
        Upload its fix file with the failed rows corrected: download the fix file from its page, correct the cells, then choose it below. Zuora ignores the #Error Message column,
        so it can stay. The new mass action is kept in the chain of that one.
      </p>
      <p className="mt-1 text-xs">
        Not a retry? <Link href="/mass-actions/new" className="text-blue-800 underline">Start a new mass action instead</Link>.
      </p>
    </section>
  );
}
