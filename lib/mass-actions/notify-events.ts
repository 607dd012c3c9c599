import 'server-only';
import type { Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import type { Database } from '../db/database';
import { notify, type NotificationEvent, type NotificationEventKind } from '../notifications/notify';
import { formatDuration } from '../shared/format';
import { batchSubject } from '../notifications/shared/events';
import { findMassAction, findMassActions, listStatuses } from './registry';
import { isTerminal, type MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';

// Which of the console's moments a chat hears of (lib/notifications): a stop asked for (by a person,
// a bulk stop or a rule), and what Zuora then says: Stopped, Completed with failures, Failed, or a
// Stopping that lasts too long. Each is told once per mass action (the outbox keeps it so).

function countsOf(state: Pick<MassActionState, 'totalCount' | 'processedCount' | 'successCount' | 'errorCount'> | null): NotificationEvent['counts'] {
  return { total: state?.totalCount ?? null, processed: state?.processedCount ?? null, succeeded: state?.successCount ?? null, failed: state?.errorCount ?? null };
}

/** A stop Zuora accepted, whoever asked for it (a person, a bulk stop, the console under a rule). */
export async function notifyStopRequested(db: Database, bulkKey: string, { label, state, actor, reason, detail }: {
  label: string | null;
  state: MassActionState;
  actor: Actor;
  reason: string | null;
  detail: string | null;
}): Promise<void> {
  await notify(db, {
    kind: 'stop-requested', bulkKey, label, actionType: state.actionType, counts: countsOf(state),
    actor: { name: actor.name ?? null, email: actor.email }, reason, detail, at: new Date().toISOString(),
  });
}

/** A rule fired: who set it, the figures that met it, and what came of its stop (which is told too if accepted). */
export async function notifyAutoStopFired(db: Database, bulkKey: string, { state, setBy, summary, outcome }: {
  state: MassActionState;
  setBy: { email: string; name: string | null };
  summary: string;
  /** What came of the stop, in words. */
  outcome: string;
}): Promise<void> {
  const row = await findMassAction(db, bulkKey);
  await notify(db, {
    kind: 'auto-stop-fired', bulkKey, label: row?.label ?? null, actionType: state.actionType, counts: countsOf(state),
    actor: setBy, reason: summary, detail: `${outcome[0]!.toUpperCase()}${outcome.slice(1)}.`, at: new Date().toISOString(),
  });
}

const globalForStuck = globalThis as unknown as { toldStuck?: Set<string> };
const toldStuck = (globalForStuck.toldStuck ??= new Set());

/** A bulk stop, told once: who, why, how many, and what came of each. */
export async function notifyBulkStopRequested(db: Database, batch: { id: number; labels: string[]; reason: string; actor: Actor; counts: Record<string, number> }): Promise<void> {
  const size = batch.labels.length;
  const { stopped = 0, refused = 0, failed = 0 } = batch.counts;
  const notStoppable = batch.counts['not-stoppable'] ?? 0;
  const detail = [`${stopped} stopping`, refused && `${refused} refused by Zuora`, failed && `${failed} failed`, notStoppable && `${notStoppable} already finished`].filter(Boolean).join(', ');
  await notify(db, {
    kind: 'stop-requested', bulkKey: batchSubject(batch.id), label: null, actionType: null, counts: { total: null, processed: null, succeeded: null, failed: null },
    actor: { name: batch.actor.name ?? null, email: batch.actor.email }, reason: batch.reason, detail: `${detail}.`, at: new Date().toISOString(),
    batch: { id: batch.id, size, labels: batch.labels },
  });
}

const ENDINGS: Partial<Record<MassActionStatus, NotificationEventKind>> = { Stopped: 'stopped', Failed: 'failed' };

/** After each refresh (the refresher's afterRefresh): a status change worth telling, or a Stopping gone on too long. */
export async function notifyAfterRefresh(db: Database, bulkKey: string, previous: MassActionStatus | null, state: MassActionState, now = Date.now()): Promise<void> {
  const changed = previous !== null && previous !== state.status;
  let kind: NotificationEventKind | null = changed ? (ENDINGS[state.status] ?? null) : null;
  if (changed && state.status === 'Completed' && (state.errorCount ?? 0) > 0) kind = 'completed-with-failures';
  let detail: string | null = null;
  const row = kind || state.status === 'Stopping' ? await findMassAction(db, bulkKey) : null;
  if (!kind && state.status === 'Stopping' && row?.stoppingSince && !toldStuck.has(bulkKey)) {
    const stuckFor = now - Date.parse(row.stoppingSince);
    if (stuckFor >= getConfig().stoppingStuckAfterMs) {
      kind = 'stuck-in-stopping';
      detail = `Stopping for ${formatDuration(stuckFor)} (flagged after ${formatDuration(getConfig().stoppingStuckAfterMs)}).`;
      // Read every second while Stopping: queued once here (the outbox keeps it once across instances).
      toldStuck.add(bulkKey);
    }
  }
  if (!kind) return;
  if (kind === 'stopped' && (await tellBatchStopped(db, bulkKey, now))) return;
  await notify(db, { kind, bulkKey, label: row?.label ?? null, actionType: state.actionType, counts: countsOf(state), actor: null, reason: null, detail, at: new Date(now).toISOString() });
}

/**
 * A mass action stopped in a bulk stop: the batch is told Stopped once, when the last of its mass
 * actions ends, rather than once per mass action. Answers false for a stop of its own.
 */
async function tellBatchStopped(db: Database, bulkKey: string, now: number): Promise<boolean> {
  const stop = await db
    .selectFrom('audit_events').select('batch_id')
    .where('bulk_key', '=', bulkKey).where('kind', '=', 'stop-request').where('batch_id', 'is not', null)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!stop?.batch_id) return false;
  const batch = await db.selectFrom('audit_events').select(['details', 'actor_email', 'actor_name']).where('id', '=', stop.batch_id).executeTakeFirst();
  const details = batch?.details ? (JSON.parse(batch.details) as { keys?: string[]; reason?: string }) : {};
  const keys = details.keys ?? [];
  const statuses = await listStatuses(db, keys);
  if (statuses.length === 0 || statuses.some((s) => !isTerminal(s.status))) return true;
  const labels = (await findMassActions(db, keys)).map((row) => row.label ?? row.bulkKey);
  const ended = (status: MassActionStatus) => statuses.filter((s) => s.status === status).length;
  const detail = [`${ended('Stopped')} Stopped`, ended('Completed') && `${ended('Completed')} Completed`, ended('Failed') && `${ended('Failed')} Failed`].filter(Boolean).join(', ');
  await notify(db, {
    kind: 'stopped', bulkKey: batchSubject(stop.batch_id), label: null, actionType: null, counts: { total: null, processed: null, succeeded: null, failed: null },
    actor: batch ? { name: batch.actor_name, email: batch.actor_email } : null, reason: details.reason ?? null, detail: `All ended: ${detail}.`,
    at: new Date(now).toISOString(), batch: { id: stop.batch_id, size: keys.length, labels },
  });
  return true;
}
