'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { massActionListQuery } from '@/app/mass-actions/queries';
import { useListQuery } from '@/app/mass-actions/use-list-query';
import { useStatusEvents } from './use-status-events';
import { EmptyList } from './empty-list';
import { ListTabs } from './list-tabs';
import { ListToolbar } from './list-toolbar';
import { MassActionsTable, type RowSelection } from './mass-actions-table';
import { BatchBar } from './batch-bar';
import { clickAll, clickBox, EMPTY_SELECTION, keepOnly, type Selection } from './selection';
import { Pagination } from './pagination';
import { RefreshControls } from '@/components/refresh-controls';
import { RegisterPanel } from './register-panel';
import { clockSkewMs } from '@/lib/mass-actions/shared/freshness';
import { isStoppable, isTerminal } from '@/lib/mass-actions/shared/status';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import type { BulkStopTarget } from '@/lib/mass-actions/shared/bulk-stop';

/** The oldest Zuora read among the rows that can still change: what the page's age must admit to. */
function oldestLiveRead(rows: MassActionRow[]): string | null {
  const reads = rows.filter((r) => !isTerminal(r.state?.status)).map((r) => r.refreshedAt);
  if (reads.some((r) => r === null)) return null;
  return (reads as string[]).sort()[0] ?? null;
}

interface Props {
  refreshIntervalMs: number;
  canOperate: boolean;
  environment: EnvironmentInfo;
}

export function MassActionsView({ refreshIntervalMs, canOperate, environment }: Props) {
  const [query, setQuery] = useListQuery();
  const [isPaused, setIsPaused] = useState(false);
  const { data, error, isPending, dataUpdatedAt } = useQuery(massActionListQuery(query, refreshIntervalMs, isPaused));
  useStatusEvents(isPaused);
  const freshness = { skewMs: data ? clockSkewMs(data.generatedAt, dataUpdatedAt) : 0, intervalMs: refreshIntervalMs, timeZone: environment.timeZone };
  const selectable = useMemo(() => (data?.items ?? []).filter((r) => r.state === null || isStoppable(r.state.status)).map((r) => r.bulkKey), [data]);
  // A selection belongs to the tab, search and page it was made on, and keeps only rows still stoppable there.
  const queryKey = JSON.stringify(query);
  const [picked, setPicked] = useState({ queryKey, selection: EMPTY_SELECTION, isAllMatching: false });
  const isCurrent = picked.queryKey === queryKey;
  const selection = isCurrent ? keepOnly(picked.selection, selectable) : EMPTY_SELECTION;
  const isAllMatching = isCurrent && picked.isAllMatching;
  const pick = (next: Selection, allMatching = false) => setPicked({ queryKey, selection: next, isAllMatching: allMatching });
  const clearSelection = () => pick(EMPTY_SELECTION);
  const rowSelection: RowSelection | undefined = canOperate
    ? {
        selectable, selected: selection.keys, isAllMatching,
        onClick: (bulkKey, withShift) => pick(clickBox(selection, selectable, selectable.indexOf(bulkKey), withShift)),
        onClickAll: () => (isAllMatching ? clearSelection() : pick(clickAll(selection, selectable))),
      }
    : undefined;
  const isPageSelected = selectable.length > 0 && selectable.every((key) => selection.keys.has(key));
  // While its dialog is open, a bulk stop keeps the target it was opened on: the rows it stops turn
  // Stopping and leave the selection, and the dialog must stay to give the answer key by key.
  const [dialogTarget, setDialogTarget] = useState<BulkStopTarget | null>(null);
  const liveTarget: BulkStopTarget = isAllMatching ? { filter: { tab: query.tab, q: query.q } } : { keys: [...selection.keys] };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1"><RegisterPanel canOperate={canOperate} /></div>
        {canOperate && (
          <Link href="/mass-actions/new" className="shrink-0 rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800">Start a mass action</Link>
        )}
      </div>
      <ListTabs current={query.tab} counts={data?.counts} onSelect={(tab) => setQuery({ tab })} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ListToolbar query={query} onChange={setQuery} />
        {data && <RefreshControls isPaused={isPaused} onTogglePause={() => setIsPaused((p) => !p)} oldestReadAt={oldestLiveRead(data.items)} hasLiveValues={data.items.some((i) => !isTerminal(i.state?.status))} freshness={freshness} />}
      </div>
      {(error || data?.zuoraProblem) && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {error ? `The console cannot be reached: ${error.message}` : data?.zuoraProblem} The last known values are shown; the console keeps trying.
        </div>
      )}
      {isPending ? (
        <p role="status">Loading mass actions…</p>
      ) : data && data.items.length === 0 ? (
        <EmptyList query={query} counts={data.counts} canOperate={canOperate} onChange={setQuery} />
      ) : data ? (
        <>
          {rowSelection && (selection.keys.size > 0 || isAllMatching || dialogTarget) && (
            <BatchBar
              target={dialogTarget ?? liveTarget} isPageSelected={isPageSelected} query={query} total={data.total} environment={environment} freshness={freshness}
              onSelectAllMatching={() => pick(selection, true)} onClear={clearSelection}
              onDialogOpenChange={(isOpen) => setDialogTarget(isOpen ? liveTarget : null)}
            />
          )}
          <MassActionsTable list={data} canOperate={canOperate} environment={environment} freshness={freshness} selection={rowSelection} />
          <Pagination page={query.page} pageSize={data.pageSize} total={data.total} onPage={(page) => setQuery({ page })} />
        </>
      ) : null}
    </div>
  );
}
