import { downloadHref } from '@/app/mass-actions/[bulkKey]/result-queries';
import type { ResultViewQuery } from '@/lib/result-files/shared/view-query';

/** Plain links: the browser streams each file to disk; the server records who downloaded what. */
export function ResultDownloads({ bulkKey, query }: { bulkKey: string; query: ResultViewQuery }) {
  const links: [string, string, string][] = [
    ['Original zip', downloadHref(bulkKey, 'original'), 'The result file exactly as Zuora gave it'],
    ['This view as CSV', downloadHref(bulkKey, 'view', query), 'The rows of the current filter and search, all columns'],
    ['Resume file', downloadHref(bulkKey, 'resume'), 'Rows not processed, original columns only: upload it as a new mass action'],
    ['Fix file', downloadHref(bulkKey, 'fix'), 'Failed rows with their error in #Error Message (ignored by Zuora): correct and upload'],
  ];
  return (
    <nav aria-label="Downloads" className="flex flex-wrap gap-3 text-sm">
      {links.map(([label, href, description]) => (
        <a key={label} href={href} title={description} className="rounded border border-slate-300 px-2 py-1 text-blue-800 hover:bg-slate-50">{label}</a>
      ))}
    </nav>
  );
}
