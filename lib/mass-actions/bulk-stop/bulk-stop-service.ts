import 'server-only';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { ApiError } from '../../api/api-error';
import { appendAuditEvent, type Actor } from '../../audit/audit-trail';
import { getDatabase, type Database } from '../../db/database';
import { acrossInstances } from '../../db/shared-flight';
import { getEnvironmentInfo } from '../../environment';
import { findMassActions, listStoppableMatching } from '../registry';
import { BULK_STOP_MAX_KEYS, describeTarget, type BulkStopAnswer, type BulkStopMember, type BulkStopOutcome, type BulkStopPreview, type BulkStopTarget } from '../shared/bulk-stop';
import { isStoppable } from '../shared/status';
import type { MassActionRow } from '../shared/types';
import { notifyBulkStopRequested } from '../notify-events';
import { requestStop } from '../stop-service';

// A bulk stop: what a selection or a filter holds, confirmed once, then each key stopped as a single
// stop would be (re-read, stop; one Zuora stop per key across instances), a few at a time. Zuora
// allows 40 calls in flight per tenant and the refresher uses up to 8: this process's bulk stops
// together use at most 8 more, however many are sent at once. The client also waits when Zuora's rate
// headers say the budget is nearly spent (lib/zuora/rate-headroom.ts).
const STOPS_IN_FLIGHT = 8;
const globalForBulkStops = globalThis as unknown as { bulkStopSlots?: ReturnType<typeof pLimit>; bulkStopsInFlight?: Map<string, Promise<{ value: BulkStopAnswer; joined: boolean }>> };
const slots = (globalForBulkStops.bulkStopSlots ??= pLimit(STOPS_IN_FLIGHT));
// The same selection or filter sent twice at once (a double click, two tabs, two instances) is one
// bulk stop: the later requests share the first one's answer, here and across instances.
const inFlight = (globalForBulkStops.bulkStopsInFlight ??= new Map());

export interface BulkStopRequest {
  target: BulkStopTarget;
  reason: string;
  /** The stoppable mass actions the operator was shown: the stop is refused if they changed. */
  expectedKeys: string[];
  confirmation: string | null;
}

export async function previewBulkStop(target: BulkStopTarget): Promise<BulkStopPreview> {
  const db = await getDatabase();
  const { kind, host } = getEnvironmentInfo();
  const { members, leftOut } = await resolveTarget(db, target);
  const stoppable = members.filter((m) => m.status === null || isStoppable(m.status));
  for (const m of members) if (!stoppable.includes(m)) leftOut.push({ bulkKey: m.bulkKey, label: m.label, why: `already ${m.status}` });
  if (stoppable.length > BULK_STOP_MAX_KEYS) {
    throw new ApiError(400, 'too_many', `This matches more than ${BULK_STOP_MAX_KEYS} stoppable mass actions; at most ${BULK_STOP_MAX_KEYS} can be stopped at once. Narrow the search.`);
  }
  const byStatus: BulkStopPreview['byStatus'] = {};
  for (const m of stoppable) byStatus[m.status ?? 'Not read yet'] = (byStatus[m.status ?? 'Not read yet'] ?? 0) + 1;
  return {
    target: describeTarget(target), environment: { kind, host }, stoppable, byStatus, leftOut,
    processedRows: stoppable.reduce((sum, m) => sum + (m.processedCount ?? 0), 0),
    confirmationText: kind === 'production' ? String(stoppable.length) : null,
  };
}

export async function bulkStop(request: BulkStopRequest, actor: Actor): Promise<BulkStopAnswer> {
  const reason = request.reason.trim();
  if (!reason) throw new ApiError(400, 'reason_required', 'A bulk stop must give a reason: say in a few words why these are stopped (it is kept in the audit trail).');
  const db = await getDatabase();
  const name = `bulk-stop:${createHash('sha256').update(JSON.stringify(normalised(request.target))).digest('hex').slice(0, 40)}`;
  let flight = inFlight.get(name);
  const joinedHere = flight !== undefined;
  if (!flight) {
    flight = acrossInstances(db, name, () => stopAll(db, { ...request, reason }, actor), {
      serializeError: (error) => (error instanceof ApiError ? { status: error.status, code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) }),
      deserializeError: (e) => (e.status && e.code ? new ApiError(e.status, e.code, e.message) : new Error(e.message)),
      tooLong: () => new ApiError(503, 'stop_pending', 'The same bulk stop is still under way on another console instance; the list shows its outcome in a moment.'),
      // A hundred keys at 8 at a time, each a read and a stop of up to a few seconds.
      maxWaitMs: 10 * 60_000,
    }).finally(() => inFlight.delete(name));
    inFlight.set(name, flight);
  }
  const { value, joined } = await flight;
  if (joinedHere || joined) {
    await appendAuditEvent(db, actor, {
      kind: 'stop-batch', batchId: value.batchId, summary: `Bulk stop asked for again while bulk stop #${value.batchId} of the same mass actions was under way: joined it, nothing stopped twice`,
      details: { reason, target: request.target, joined: true },
    });
  }
  return value;
}

async function stopAll(db: Database, request: BulkStopRequest, actor: Actor): Promise<BulkStopAnswer> {
  const preview = await previewBulkStop(request.target);
  const count = preview.stoppable.length;
  if (count === 0) throw new ApiError(409, 'nothing_to_stop', 'None of these mass actions can be stopped any more: each is already Stopping or finished.');
  const shown = new Set(request.expectedKeys);
  if (count !== shown.size || preview.stoppable.some((m) => !shown.has(m.bulkKey))) {
    throw new ApiError(409, 'selection_changed', `This now holds ${plural(count)} that can be stopped, not the ${plural(shown.size)} shown: check again before stopping.`);
  }
  if (preview.confirmationText !== null && request.confirmation?.trim() !== preview.confirmationText) {
    throw new ApiError(400, 'confirmation_required', `In production, type the number of mass actions to stop (${preview.confirmationText}) to confirm.`);
  }
  const batchId = await appendAuditEvent(db, actor, {
    kind: 'stop-batch',
    summary: `Bulk stop of ${plural(count)} (${preview.target})`,
    details: {
      reason: request.reason, target: request.target, count, byStatus: preview.byStatus, processedRows: preview.processedRows,
      keys: preview.stoppable.map((m) => m.bulkKey), leftOut: preview.leftOut,
    },
  });
  const outcomes = await Promise.all(preview.stoppable.map((member) => slots(() => stopMember(member, request.reason, actor, { id: batchId, size: count }))));
  const counts = { stopped: 0, refused: 0, failed: 0, 'not-stoppable': 0 };
  for (const o of outcomes) counts[o.outcome] += 1;
  await notifyBulkStopRequested(db, { id: batchId, labels: preview.stoppable.map((m) => m.label ?? m.bulkKey), reason: request.reason, actor, counts });
  return { batchId, outcomes, counts };
}

const plural = (n: number) => `${n.toLocaleString('en-US')} mass action${n === 1 ? '' : 's'}`;

/** The same selection however its keys are ordered or repeated. */
function normalised(target: BulkStopTarget): BulkStopTarget {
  return 'keys' in target ? { keys: [...new Set(target.keys)].sort() } : target;
}

async function stopMember(member: BulkStopMember, reason: string, actor: Actor, batch: { id: number; size: number }): Promise<BulkStopOutcome> {
  const { bulkKey, label } = member;
  try {
    const { message } = await requestStop(bulkKey, reason, actor, { batch });
    return { bulkKey, label, outcome: 'stopped', message };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ApiError && error.code === 'not_stoppable') return { bulkKey, label, outcome: 'not-stoppable', message };
    if (error instanceof ApiError && error.code === 'zuora_refused') return { bulkKey, label, outcome: 'refused', message };
    return { bulkKey, label, outcome: 'failed', message: error instanceof ApiError ? message : `The stop could not be sent: ${message}` };
  }
}

async function resolveTarget(db: Database, target: BulkStopTarget): Promise<{ members: BulkStopMember[]; leftOut: BulkStopPreview['leftOut'] }> {
  if ('filter' in target) return { members: (await listStoppableMatching(db, target.filter, BULK_STOP_MAX_KEYS + 1)).map(memberOf), leftOut: [] };
  const keys = [...new Set(target.keys)];
  const found = new Map((await findMassActions(db, keys)).map((row) => [row.bulkKey, row]));
  return {
    members: keys.filter((key) => found.has(key)).map((key) => memberOf(found.get(key)!)),
    leftOut: keys.filter((key) => !found.has(key)).map((bulkKey) => ({ bulkKey, label: null, why: 'not registered in the console' })),
  };
}

function memberOf(row: MassActionRow): BulkStopMember {
  return {
    bulkKey: row.bulkKey, label: row.label, status: row.state?.status ?? null,
    processedCount: row.state?.processedCount ?? null, totalCount: row.state?.totalCount ?? null, refreshedAt: row.refreshedAt,
  };
}
