'use client';

import Link from 'next/link';
import { TimeLabel } from '@/components/time-label';
import type { OverlapSummary } from '@/lib/mass-actions/shared/start-types';
import { describeOverlap, overlapEntries } from './start-words';

/**
 * Rows of this file that earlier uploads already hold: each upload named and linked, so the operator
 * can look before sending them again. Starting then asks for a reason; MPU payments that already
 * succeeded are blocked unless an admin overrides it.
 */
export function OverlapWarning({ overlap, timeZone, isAdmin }: { overlap: OverlapSummary; timeZone: string; isAdmin: boolean }) {
  const tone = overlap.isBlocked ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900';
  return (
    <section aria-labelledby="start-overlap-title" className={`rounded border px-4 py-3 text-sm ${tone}`}>
      <h3 id="start-overlap-title" className="font-semibold">
        {overlap.isBlocked ? 'Blocked: some of these payments already succeeded' : 'Some of these rows were sent to Zuora before'}
      </h3>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {overlapEntries(overlap).map(({ kind, item }) => {
          const words = describeOverlap(kind, item);
          return (
            <li key={`${kind}-${item.bulkKey}`} className="wrap-anywhere">
              {words.before}{' '}
              <Link href={`/mass-actions/${item.bulkKey}`} title={`Bulk key ${item.bulkKey}`} className={`font-medium underline ${item.label ? '' : 'font-mono text-xs'}`}>
                {item.label ?? item.bulkKey}
              </Link>
              {words.after}
              {item.startedAt && <> · sent <TimeLabel at={item.startedAt} timeZone={timeZone} /></>}
            </li>
          );
        })}
      </ul>
      <p className="mt-2">
        {!overlap.isBlocked
          ? 'Sending them again makes Zuora process them again. Start asks why; the reason is kept in the audit trail.'
          : isAdmin
            ? 'Starting would make these payments again. As an admin you can override this in the Start dialog, with a reason kept in the audit trail.'
            : 'Starting would make these payments again, so only an admin can start this file. Remove the rows that already succeeded and check the file again, or ask an admin.'}
      </p>
    </section>
  );
}
