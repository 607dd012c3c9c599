import type { MassActionStatus } from '@/lib/mass-actions/shared/status';
import { describeProgress, type ProgressCounts } from './progress-words';

/** Succeeded / failed / the rest as one bar, with the numbers in text for everyone; the words follow the status. */
export function ProgressBar({ total, succeeded, failed, status }: ProgressCounts & { status: MassActionStatus | null }) {
  const words = describeProgress({ total, succeeded, failed }, status);
  if (!words || !total) return <span className="text-sm text-slate-500">No counts yet</span>;
  const percent = (n: number | null) => `${((n ?? 0) / total) * 100}%`;
  return (
    <div className="min-w-48">
      <div className="flex h-2 overflow-hidden rounded bg-outcome-remaining" aria-hidden="true">
        <div className="bg-outcome-succeeded" style={{ width: percent(succeeded) }} />
        <div className="bg-outcome-failed" style={{ width: percent(failed) }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">{words.summary}</p>
      {words.advice && <p className="mt-1 max-w-80 text-xs text-red-800">{words.advice}</p>}
    </div>
  );
}
