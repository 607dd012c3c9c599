import { ProgressBar } from '@/components/progress-bar';
import { FactList } from '@/components/fact-list';
import { StatusBadge } from '@/components/status-badge';
import { StuckFlag } from '@/components/stuck-flag';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { describeRate, formatCount } from '@/lib/shared/format';
import type { JobView } from '@/lib/mass-actions/shared/job-types';
import { isTerminal } from '@/lib/mass-actions/shared/status';
import { ZuoraAge, type Freshness } from '@/components/zuora-age';
import { TimeLabel, ZuoraTime } from '@/components/time-label';

function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  return bytes < 1024 * 1024 ? `${formatCount(Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function JobSummary({ job, environment, freshness }: { job: JobView; environment: EnvironmentInfo; freshness: Freshness }) {
  const { row } = job;
  const state = row.state;
  const remaining = state?.totalCount != null ? state.totalCount - (state.processedCount ?? 0) : null;
  const rate = state?.status === 'Processing' ? describeRate(row.ratePerSecond, remaining) : null;
  const facts: [string, React.ReactNode][] = [
    ['Status', <span key="s"><StatusBadge status={state?.status ?? null} />{state?.status === 'Stopping' && <StuckFlag stoppingSince={row.stoppingSince} stuckAfterMs={job.stuckAfterMs} now={job.generatedAt} />}</span>],
    ['Environment', `${environment.kind === 'production' ? 'Production' : 'Sandbox'} · ${environment.host}`],
    ['Action type', state?.actionType ?? '—'],
    ['Counts', state ? `${formatCount(state.totalCount)} total · ${formatCount(state.processedCount)} processed · ${formatCount(state.successCount)} succeeded · ${formatCount(state.errorCount)} failed` : '—'],
    ['Read from Zuora', <ZuoraAge key="age" refreshedAt={row.refreshedAt} freshness={freshness} isFinal={isTerminal(state?.status)} />],
    ['Rate', rate ?? '—'],
    ['Uploaded by', state?.uploadedBy ?? '—'],
    ['Uploaded', <ZuoraTime key="u" raw={state?.uploadedOn ?? null} environment={environment} />],
    ['Started', <ZuoraTime key="s" raw={state?.startedOn ?? null} environment={environment} />],
    ['Ended', <ZuoraTime key="e" raw={state?.endedOn ?? null} environment={environment} />],
    ['Sizes', `input ${formatBytes(state?.inputSize)} · result ${formatBytes(state?.outputSize)}`],
    ['Registered', <span key="r">by {row.registeredBy} ({row.registeredVia}), <TimeLabel at={row.registeredAt} timeZone={environment.timeZone} /></span>],
  ];
  return (
    <section aria-label="Summary" className="rounded border border-slate-200 bg-white p-4">
      <ProgressBar total={state?.totalCount ?? null} succeeded={state?.successCount ?? null} failed={state?.errorCount ?? null} status={state?.status ?? null} />
      {row.refreshError && <p className="mt-2 text-sm text-amber-700">{row.refreshError}</p>}
      <FactList facts={facts} />
    </section>
  );
}
