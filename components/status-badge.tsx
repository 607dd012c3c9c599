import type { MassActionStatus } from '@/lib/mass-actions/shared/status';

const STYLE: Record<MassActionStatus, string> = {
  Pending: 'bg-status-pending',
  Processing: 'bg-status-processing',
  Stopping: 'bg-status-stopping',
  Stopped: 'bg-status-stopped',
  Completed: 'bg-status-completed',
  Failed: 'bg-status-failed',
};

export function StatusBadge({ status }: { status: MassActionStatus | null }) {
  if (!status) return <span className="text-sm text-slate-500">Unknown</span>;
  return <span className={`${STYLE[status]} inline-block rounded px-2 py-0.5 text-xs font-semibold text-white`}>{status}</span>;
}
