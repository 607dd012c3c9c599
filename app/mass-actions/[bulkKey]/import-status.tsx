import { formatCountOf } from '@/lib/shared/format';
import { downloadHref } from '@/app/mass-actions/[bulkKey]/result-queries';
import type { CountCheck, ResultFileStatus } from '@/lib/result-files/shared/types';

/** Real progress while importing; the precise problem (and the raw file) when the file is bad. */
export function ImportStatus({ bulkKey, status, check }: { bulkKey: string; status: ResultFileStatus; check: CountCheck | null }) {
  if (status.state === 'not_imported') return <p role="status" className="text-sm">Fetching the result file from Zuora…</p>;
  if (status.state === 'importing') {
    const size = status.downloadSize ? ` of ${(status.downloadSize / 1024 / 1024).toFixed(1)} MB` : '';
    return (
      <p role="status" className="text-sm text-blue-800">
        Importing the result file: {formatCountOf(status.rowsImported, 'row')} so far ({(status.bytesDownloaded / 1024 / 1024).toFixed(1)} MB{size} downloaded). The rows below are those imported so far.
      </p>
    );
  }
  if (status.state === 'failed') {
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        <p className="font-medium">The result file cannot be shown.</p>
        <p>{status.failure.message}</p>
        {status.failure.retryable && <p>The console tries again when the page is opened again (at most every 30 seconds).</p>}
        {status.hasRawFile && <a href={downloadHref(bulkKey, 'original')} className="text-blue-700 underline">Download the file as Zuora gave it</a>}
      </div>
    );
  }
  if (check && !check.agrees) {
    return (
      <div role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <p className="font-medium">The file and Zuora disagree on the counts.</p>
        <ul className="list-disc pl-5">{check.problems.map((p) => <li key={p}>{p}</li>)}</ul>
      </div>
    );
  }
  return <p className="text-sm text-slate-600">{formatCountOf(status.counts.all, 'row')}; the counts match Zuora&apos;s.</p>;
}
