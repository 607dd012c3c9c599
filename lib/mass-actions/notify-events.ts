import 'server-only';
import type { Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import type { Database } from '../db/database';
import { notify, type NotificationEvent, type NotificationEventKind } from '../notifications/notify';
import { formatDuration } from '../shared/format';
import { findMassAction } from './registry';
import type { MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';

// Which of the console's moments a chat hears of (lib/notifications): a stop asked for (by a person,
// a bulk stop or a rule), and what Zuora then says: Stopped, Completed with failures, Failed, or a
// Stopping that lasts too long. Each is told once per mass action (the outbox keeps it so).

function countsOf(state: Pick<MassActionState, 'totalCount' | 'processedCount' | 'successCount' | 'errorCount'> | null): NotificationEvent['counts'] {
  return { total: state?.totalCount ?? null, processed: state?.processedCount ?? null, succeeded: state?.successCount ?? null, failed: state?.errorCount ?? null };
}

/** A stop Zuora accepted, whoever asked for it; an auto-stop's is also told as the rule firing. */
export async function notifyStopRequested(db: Database, bulkKey: string, { label, state, actor, reason, detail, isAutoStop }: {
  label: string | null;
  state: MassActionState;
  actor: Actor;
  reason: string | null;
  detail: string | null;
  isAutoStop: boolean;
}): Promise<void> {
  const kinds: NotificationEventKind[] = isAutoStop ? ['auto-stop-fired', 'stop-requested'] : ['stop-requested'];
  for (const kind of kinds) {
    await notify(db, {
      kind, bulkKey, label, actionType: state.actionType, counts: countsOf(state),
      actor: { name: actor.name ?? null, email: actor.email }, reason, detail, at: new Date().toISOString(),
    });
  }
}

const ENDINGS: Partial<Record<MassActionStatus, NotificationEventKind>> = { Stopped: 'stopped', Failed: 'failed' };

/** After each refresh (the refresher's afterRefresh): a status change worth telling, or a Stopping gone on too long. */
export async function notifyAfterRefresh(db: Database, bulkKey: string, previous: MassActionStatus | null, state: MassActionState, now = Date.now()): Promise<void> {
  const changed = previous !== null && previous !== state.status;
  let kind: NotificationEventKind | null = changed ? (ENDINGS[state.status] ?? null) : null;
  if (changed && state.status === 'Completed' && (state.errorCount ?? 0) > 0) kind = 'completed-with-failures';
  let detail: string | null = null;
  const row = kind || state.status === 'Stopping' ? await findMassAction(db, bulkKey) : null;
  if (!kind && state.status === 'Stopping' && row?.stoppingSince) {
    const stuckFor = now - Date.parse(row.stoppingSince);
    if (stuckFor >= getConfig().stoppingStuckAfterMs) {
      kind = 'stuck-in-stopping';
      detail = `Stopping for ${formatDuration(stuckFor)} (flagged after ${formatDuration(getConfig().stoppingStuckAfterMs)}).`;
    }
  }
  if (!kind) return;
  await notify(db, { kind, bulkKey, label: row?.label ?? null, actionType: state.actionType, counts: countsOf(state), actor: null, reason: null, detail, at: new Date(now).toISOString() });
}
