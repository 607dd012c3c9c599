'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { isTerminal as isFinished } from '@/lib/mass-actions/shared/status';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import { resultViewQuery } from '@/app/mass-actions/[bulkKey]/result-queries';
import { useResultViewQuery } from '@/app/mass-actions/[bulkKey]/use-result-view-query';
import { ErrorGroups } from './error-groups';
import { GROUP_FILTER_NOTE_ID, GroupFilterNote } from './group-filter-note';
import { HiddenRowNotice } from './hidden-row-notice';
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
  const { data, error, isPlaceholderData } = useQuery({ ...resultViewQuery(row.bulkKey, query), enabled: isTerminal });
  const { scrollRef, focusRef, moveFocusWhenShown } = useTableFocus(query.template, data !== undefined && !isPlaceholderData);

  // Summary first (chips, the files with what they hold, failures grouped), then the rows: choosing a
  // group (or leaving it) takes the operator down to the rows.
  const showGroup = (template: string) => {
    setQuery({ outcome: 'failed', search: '', template });
    moveFocusWhenShown(template);
  };
  const leaveGroup = () => {
    setQuery({ template: '' });
    moveFocusWhenShown('');
  };

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
          {data.status.state === 'ready' && (
            <>
              <ResultDownloads bulkKey={row.bulkKey} query={query} counts={data.status.counts} viewRows={data.rows.total} />
              <ErrorGroups bulkKey={row.bulkKey} onShow={showGroup} />
            </>
          )}
          <ResultToolbar query={query} onChange={setQuery} />
          {query.row && !data.location && <HiddenRowNotice row={query.row} query={query} isImporting={data.rows.isPartial} onChange={setQuery} />}
          <div ref={scrollRef} className="flex flex-col gap-2">
            {query.template && <GroupFilterNote bulkKey={row.bulkKey} template={query.template} rowCount={isPlaceholderData ? null : (data.counts?.all ?? null)} onClear={leaveGroup} />}
            <ResultTable bulkKey={row.bulkKey} columns={data.status.columns} page={data.rows} highlightedRow={query.row} focusRef={focusRef} describedBy={query.template ? GROUP_FILTER_NOTE_ID : undefined} />
          </div>
          <ResultPager page={data.rows} onPage={(page) => setQuery({ page })} />
        </>
      )}
    </section>
  );
}

/**
 * Moves focus to the table (and scrolls it into view, with what it is filtered on) once the rows of
 * the group asked for are on screen, not while the previous rows still stand in for them.
 */
function useTableFocus(template: string, isCurrent: boolean) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusRef = useRef<HTMLElement>(null);
  const awaited = useRef<string | null>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (awaited.current === null || awaited.current !== template || !isCurrent) return;
    awaited.current = null;
    scrollRef.current?.scrollIntoView({ block: 'start' });
    focusRef.current?.focus({ preventScroll: true });
  }, [request, template, isCurrent]);
  return {
    scrollRef,
    focusRef,
    moveFocusWhenShown: (next: string) => {
      awaited.current = next;
      setRequest((n) => n + 1);
    },
  };
}
