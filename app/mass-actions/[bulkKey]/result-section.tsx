'use client';

import { useQuery } from '@tanstack/react-query';
import { isTerminal as isFinished } from '@/lib/mass-actions/shared/status';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import { resultViewQuery } from '@/app/mass-actions/[bulkKey]/result-queries';
import { useResultViewQuery } from '@/app/mass-actions/[bulkKey]/use-result-view-query';
import { ErrorGroups } from './error-groups';
import { ImportStatus } from './import-status';
import { OutcomeChips } from './outcome-chips';
import { ResultDownloads } from './result-downloads';
import { ResultPager } from './result-pager';
import { ResultTable } from './result-table';
import { ResultToolbar } from './result-toolbar';

/** Which rows went through: the result file as a table anyone can link to, and the files that finish the job. */
export function ResultSection({ row }: { row: MassActionRow }) {
  const [query, setQuery] = useResultViewQuery();
  const isTerminal = isFinished(row.state?.status);
  const { data, error } = useQuery({ ...resultViewQuery(row.bulkKey, query), enabled: isTerminal });

  return (
    <section aria-labelledby="result-heading" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="result-heading" className="font-semibold">Result file</h2>
      {!isTerminal && <p className="text-sm text-slate-600">The result file exists once the mass action is Completed or Stopped.</p>}
      {error && <p role="alert" className="text-sm text-red-700">{error.message}</p>}
      {data?.message && <p className="text-sm text-slate-600">{data.message}</p>}
      {data?.status && <ImportStatus bulkKey={row.bulkKey} status={data.status} check={data.check} />}
      {data?.rows && data.status && (data.status.state === 'ready' || data.status.state === 'importing') && data.status.columns && (
        <>
          <OutcomeChips counts={data.counts} current={query.outcome} onSelect={(outcome) => setQuery({ outcome })} />
          <ResultToolbar query={query} onChange={setQuery} />
          {query.row && !data.location && (
            <p role="status" className="text-sm text-amber-800">Row {query.row} is not in this view (its filter or search hides it).</p>
          )}
          <ResultTable bulkKey={row.bulkKey} columns={data.status.columns} page={data.rows} highlightedRow={query.row} />
          <ResultPager page={data.rows} onPage={(page) => setQuery({ page })} />
          {data.status.state === 'ready' && (
            <>
              <ResultDownloads bulkKey={row.bulkKey} query={query} />
              <ErrorGroups bulkKey={row.bulkKey} onShow={(message) => setQuery({ outcome: 'failed', search: '', error: message })} />
            </>
          )}
        </>
      )}
    </section>
  );
}
