import type { Warning } from '@/lib/uploads/shared/check-types';
import { formatCountOf } from '@/lib/shared/format';

/** What an accepted (or refused) file holds that deserves a look before it is sent. */
export function WarningList({ warnings }: { warnings: Warning[] }) {
  return (
    <section aria-labelledby="start-warnings-title" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <h3 id="start-warnings-title" className="font-semibold">{formatCountOf(warnings.length, 'warning')}</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {warnings.map((warning, i) => <li key={`${warning.code}-${i}`} className="wrap-anywhere">{warning.message}</li>)}
      </ul>
    </section>
  );
}
