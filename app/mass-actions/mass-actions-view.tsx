'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { massActionListQuery } from '@/app/mass-actions/queries';
import { useListQuery } from '@/app/mass-actions/use-list-query';
import { useStatusEvents } from './use-status-events';
import { EmptyList } from './empty-list';
import { ListTabs } from './list-tabs';
import { ListToolbar } from './list-toolbar';
import { MassActionsTable } from './mass-actions-table';
import { Pagination } from './pagination';
import { RefreshControls } from '@/components/refresh-controls';
import { RegisterPanel } from './register-panel';
import { clockSkewMs } from '@/lib/mass-actions/shared/freshness';
import { isTerminal } from '@/lib/mass-actions/shared/status';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';

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
          <MassActionsTable list={data} canOperate={canOperate} environment={environment} freshness={freshness} />
          <Pagination page={query.page} pageSize={data.pageSize} total={data.total} onPage={(page) => setQuery({ page })} />
        </>
      ) : null}
    </div>
  );
}
