import { downloadHref } from '@/app/mass-actions/[bulkKey]/result-queries';
import type { OutcomeCounts } from '@/lib/result-files/shared/types';
import type { ResultViewQuery } from '@/lib/result-files/shared/view-query';
import { formatCountOf } from '@/lib/shared/format';

/** A file and what it holds; no `href` when it would be empty, so it is shown but cannot be taken. */
type DownloadLink = { label: string; href: string | null; description: string };

/**
 * Plain links: the browser streams each file to disk; the server records who downloaded what.
 * Grouped by what a file is for, because only the view export is made safe for a spreadsheet: the
 * others keep every cell as uploaded (lib/result-files/export/README.md). Each says how many rows it
 * holds, and one with none is shown disabled, saying why.
 */
export function ResultDownloads({ bulkKey, query, counts, viewRows }: { bulkKey: string; query: ResultViewQuery; counts: OutcomeCounts; viewRows: number }) {
  const sized = (label: string, rows: number, href: string, description: string, whyEmpty: string): DownloadLink =>
    rows > 0 ? { label: `${label} · ${formatCountOf(rows, 'row')}`, href, description } : { label: `${label} · no rows`, href: null, description: whyEmpty };
  return (
    <nav aria-label="Downloads" className="flex flex-col gap-2 text-sm">
      <DownloadGroup
        id="downloads-to-open"
        links={[sized('This view as CSV', viewRows, downloadHref(bulkKey, 'view', query), 'The rows of the current filter and search: the Row number the row links use, then every column', 'The current filter and search keep no row')]}
        note="Safe to open in a spreadsheet: a cell that would run there as a formula (one starting with =, +, -, @, a tab or a carriage return) starts with an apostrophe in this file."
      />
      <DownloadGroup
        id="downloads-for-zuora"
        links={[
          sized('Resume file', counts.notProcessed, downloadHref(bulkKey, 'resume'), 'Rows not processed, original columns only: upload it as a new mass action', 'Nothing to resume: Zuora processed every row'),
          sized('Fix file', counts.failed, downloadHref(bulkKey, 'fix'), 'Failed rows with their error in #Error Message (ignored by Zuora): correct and upload', 'Nothing to fix: no row failed'),
          { label: 'Original zip', href: downloadHref(bulkKey, 'original'), description: 'The result file exactly as Zuora gave it' },
        ]}
        note="For upload to Zuora (the zip is Zuora's own), not for opening in a spreadsheet: their cells are exactly as uploaded, so a spreadsheet could run one as a formula, or change values like -2.50 or +44 20 7946 0958 when saving. Edit them as text."
      />
    </nav>
  );
}

function DownloadGroup({ id, links, note }: { id: string; links: DownloadLink[]; note: string }) {
  return (
    <div className="flex flex-wrap items-baseline gap-3">
      {links.map(({ label, href, description }) =>
        href ? (
          <a key={label} href={href} title={description} aria-describedby={id} className="rounded border border-slate-300 px-2 py-1 text-blue-800 hover:bg-slate-50">{label}</a>
        ) : (
          <span key={label} role="link" aria-disabled="true" title={description} className="cursor-not-allowed rounded border border-slate-200 px-2 py-1 text-slate-500">{label} <span className="sr-only">({description})</span></span>
        ),
      )}
      <p id={id} className="text-xs text-slate-600">{note}</p>
    </div>
  );
}
