import { formatCount } from '@/lib/shared/format';
import type { MassActionStatus } from '@/lib/mass-actions/shared/status';

export interface ProgressCounts {
  total: number | null;
  succeeded: number | null;
  failed: number | null;
}

export interface ProgressWords {
  /** The numbers in one line: what went through, and what became of the rest. */
  summary: string;
  /** What Zuora's status means for the operator, when it calls for something; null otherwise. */
  advice: string | null;
}

/**
 * The bar's words. Rows not processed are "remaining" only while the mass action can still run
 * them: once it is Stopped or Failed they never will be, and a Failed one needs a new upload.
 */
export function describeProgress({ total, succeeded, failed }: ProgressCounts, status: MassActionStatus | null): ProgressWords | null {
  if (total == null || total === 0) return null;
  const ok = succeeded ?? 0;
  const bad = failed ?? 0;
  const left = Math.max(0, total - ok - bad);
  const done = `${formatCount(ok)} succeeded, ${formatCount(bad)} failed`;
  const of = `of ${formatCount(total)}`;
  switch (status) {
    case 'Stopped':
      return { summary: left > 0 ? `${done}, ${formatCount(left)} never processed (stopped) ${of}` : `${done} ${of}`, advice: null };
    case 'Failed':
      return {
        summary: `${done}, ${formatCount(left)} never processed (failed) ${of}`,
        advice:
          'Zuora reports this mass action as Failed and gives no reason through its API; the rows left will not run. ' +
          (ok + bad > 0 ? 'The rows already processed stay processed. ' : '') +
          'Open it in Zuora’s Mass Updater for the reason, correct the file, and upload it again as a new mass action.',
      };
    case 'Completed':
      return { summary: left > 0 ? `${done}, ${formatCount(left)} not processed ${of}` : `${done} ${of}`, advice: null };
    default:
      return { summary: `${done}, ${formatCount(left)} remaining ${of}`, advice: null };
  }
}
