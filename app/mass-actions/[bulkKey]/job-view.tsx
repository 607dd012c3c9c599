'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { StopDialog } from '../stop-dialog';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import type { JobView as Job } from '@/lib/mass-actions/shared/job-types';
import { jobQuery } from '@/app/mass-actions/queries';
import { useStatusEvents } from '../use-status-events';
import { isStoppable, isTerminal } from '@/lib/mass-actions/shared/status';
import { clockSkewMs } from '@/lib/mass-actions/shared/freshness';
import { RefreshControls } from '@/components/refresh-controls';
import { ActivityTrail } from './activity-trail';
import { AutoStopSection } from './auto-stop-section';
import { ChainSection } from './chain-section';
import { hasNextSteps, NextSteps, useReadyCounts } from './next-steps';
import { JobHeadline } from './job-headline';
import { JobSummary } from './job-summary';
import { ResultSection } from './result-section';

interface Props {
  initial: Job;
  refreshIntervalMs: number;
  canOperate: boolean;
  isAdmin: boolean;
  environment: EnvironmentInfo;
}

/** Whether something on this page can still change: the job itself, or another mass action of its chain. */
function isLive(job: Job | undefined): boolean {
  if (!job) return true;
  return !isTerminal(job.row.state?.status) || (job.chain?.members.some((m) => !isTerminal(m.status)) ?? false);
}

export function JobView({ initial, refreshIntervalMs, canOperate, isAdmin, environment }: Props) {
  const [isPaused, setIsPaused] = useState(false);
  const { data, error, dataUpdatedAt } = useQuery({
    ...jobQuery(initial.row.bulkKey, refreshIntervalMs, isPaused),
    initialData: initial,
    // A finished job is still read while a mass action started from it (the rest, a retry) runs: the chain shows it.
    refetchInterval: (q) => (isPaused || !isLive(q.state.data) ? false : refreshIntervalMs),
  });
  useStatusEvents(isPaused);
  const { row } = data;
  const counts = useReadyCounts(row);
  const nextSteps = canOperate && hasNextSteps(row, counts) ? <NextSteps row={row} counts={counts} chain={data.chain} environment={environment} isAdmin={isAdmin} /> : null;
  const hasSide = nextSteps !== null || data.chain !== null;
  const freshness = { skewMs: clockSkewMs(data.generatedAt, dataUpdatedAt), intervalMs: refreshIntervalMs, timeZone: environment.timeZone };
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{row.label ?? 'Mass action'}</h1>
        <span className="break-all font-mono text-xs text-slate-600">{row.bulkKey}</span>
        <CopyButton value={() => window.location.href} label="Copy link" text="Copy link" copiedText="Link copied" />
        {isStoppable(row.state?.status) && <StopDialog row={row} environment={environment} canOperate={canOperate} freshness={freshness} />}
        <div className="ml-auto"><RefreshControls isPaused={isPaused} onTogglePause={() => setIsPaused((p) => !p)} oldestReadAt={row.refreshedAt} hasLiveValues={!isTerminal(row.state?.status)} freshness={freshness} /></div>
      </div>
      <JobHeadline row={row} trail={data.trail} environment={environment} />
      {(error || data.zuoraProblem) && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {error ? `The console cannot be reached: ${error.message}` : data.zuoraProblem} The last known values are shown; the console keeps trying.
        </div>
      )}
      {/* The next steps and the chain beside the summary on a laptop: both on the first screen at 1280×720. */}
      <div className={hasSide ? 'grid grid-cols-1 items-start gap-4 lg:grid-cols-2' : ''}>
        <div className="min-w-0"><JobSummary job={data} environment={environment} freshness={freshness} /></div>
        {hasSide && (
          <div className="flex min-w-0 flex-col gap-4">
            {nextSteps}
            {data.chain && <ChainSection chain={data.chain} currentBulkKey={row.bulkKey} />}
          </div>
        )}
      </div>
      <AutoStopSection row={row} canOperate={canOperate} refreshIntervalMs={refreshIntervalMs} isPaused={isPaused} freshness={freshness} />
      <ResultSection row={row} />
      <ActivityTrail events={data.trail} timeZone={environment.timeZone} />
    </div>
  );
}
