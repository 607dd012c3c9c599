import type { MassActionStatus } from '@/lib/mass-actions/shared/status';

const STYLE: Record<MassActionStatus, string> = {
  Pending: 'bg-status-pending',
  Processing: 'bg-status-processing',
  Stopping: 'bg-status-stopping',
  Stopped: 'bg-status-stopped',
  Completed: 'bg-status-completed',
  Failed: 'bg-status-failed',
};

// `data-status-badge` is where focus goes after a stop (see app/mass-actions/stop-dialog.tsx): the
// Stop button is gone then, the status is what changed.
export function StatusBadge({ status }: { status: MassActionStatus | null }) {
  if (!status) return <span data-status-badge className="text-sm text-slate-500">Unknown</span>;
  return <span data-status-badge className={`${STYLE[status]} inline-block rounded px-2 py-0.5 text-xs font-semibold text-white`}>{status}</span>;
}
