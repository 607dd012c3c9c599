import { downloadHref } from '@/app/mass-actions/[bulkKey]/result-queries';
import type { ResultViewQuery } from '@/lib/result-files/shared/view-query';

type DownloadLink = [label: string, href: string, description: string];

/**
 * Plain links: the browser streams each file to disk; the server records who downloaded what.
 * Grouped by what a file is for, because only the view export is made safe for a spreadsheet: the
 * others keep every cell as uploaded (lib/result-files/export/README.md).
 */
export function ResultDownloads({ bulkKey, query }: { bulkKey: string; query: ResultViewQuery }) {
  return (
    <nav aria-label="Downloads" className="flex flex-col gap-2 text-sm">
      <DownloadGroup
        id="downloads-to-open"
        links={[['This view as CSV', downloadHref(bulkKey, 'view', query), 'The rows of the current filter and search, all columns']]}
        note="Safe to open in a spreadsheet: a cell that would run there as a formula (one starting with =, +, -, @, a tab or a carriage return) starts with an apostrophe in this file."
      />
      <DownloadGroup
        id="downloads-for-zuora"
        links={[
          ['Resume file', downloadHref(bulkKey, 'resume'), 'Rows not processed, original columns only: upload it as a new mass action'],
          ['Fix file', downloadHref(bulkKey, 'fix'), 'Failed rows with their error in #Error Message (ignored by Zuora): correct and upload'],
          ['Original zip', downloadHref(bulkKey, 'original'), 'The result file exactly as Zuora gave it'],
        ]}
        note="For upload to Zuora (the zip is Zuora's own), not for opening in a spreadsheet: their cells are exactly as uploaded, so a spreadsheet could run one as a formula, or change values like -2.50 or +44 20 7946 0958 when saving. Edit them as text."
      />
    </nav>
  );
}

function DownloadGroup({ id, links, note }: { id: string; links: DownloadLink[]; note: string }) {
  return (
    <div className="flex flex-wrap items-baseline gap-3">
      {links.map(([label, href, description]) => (
        <a key={label} href={href} title={description} aria-describedby={id} className="rounded border border-slate-300 px-2 py-1 text-blue-800 hover:bg-slate-50">{label}</a>
      ))}
      <p id={id} className="text-xs text-slate-600">{note}</p>
    </div>
  );
}
