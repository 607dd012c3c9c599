'use client';

import { StatusBadge } from '@/components/status-badge';
import { TimeLabel } from '@/components/time-label';
import { readStopDetails } from '@/lib/audit/shared/stop-details';
import type { TrailEvent } from '@/lib/audit/shared/types';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { zuoraTimeToInstant } from '@/lib/shared/zuora-times';

/**
 * State, actor and age in one line at the top of the job: "Stopped · by Olivia Operator 3 min ago ·
 * “Wrong mapping”", "Processing · started 4 min ago", "Completed 2 h ago".
 */
export function JobHeadline({ row, trail, environment }: { row: MassActionRow; trail: TrailEvent[]; environment: EnvironmentInfo }) {
  const { timeZone } = environment;
  const placed = (raw: string | null | undefined) => (environment.isZuoraTimeZoneKnown ? zuoraTimeToInstant(raw ?? null, timeZone) : null);
  const state = row.state;
  const status = state?.status ?? null;
  const stop = [...trail].reverse().find((e) => e.kind === 'stop-request' && readStopDetails(e.details).zuoraAnswer === 'accepted');
  const reason = stop ? readStopDetails(stop.details).reason : null;
  const when = (at: string | null | undefined, words: string) => (at ? <> · {words} <TimeLabel at={at} timeZone={timeZone} show="relative" /></> : null);
  return (
    <p className="flex flex-wrap items-center gap-x-1 text-sm text-slate-700" aria-label="Current state">
      <StatusBadge status={status} />
      {(status === 'Stopping' || status === 'Stopped') && stop ? (
        <>
          {' '}· {status === 'Stopping' ? 'stop requested' : 'stopped'} by <span className="font-medium">{stop.actorName ?? stop.actorEmail}</span>{' '}
          <TimeLabel at={stop.at} timeZone={timeZone} show="relative" />
          {reason && <span className="wrap-anywhere"> · “{reason}”</span>}
        </>
      ) : status === 'Stopped' ? (
        <>{when(placed(state?.endedOn), 'stopped')} · not from this console</>
      ) : status === 'Completed' || status === 'Failed' ? (
        when(placed(state?.endedOn), 'ended')
      ) : status === 'Processing' ? (
        when(placed(state?.startedOn), 'started')
      ) : (
        when(placed(state?.uploadedOn), 'uploaded')
      )}
    </p>
  );
}
