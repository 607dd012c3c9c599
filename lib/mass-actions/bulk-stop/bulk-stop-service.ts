import 'server-only';
import pLimit from 'p-limit';
import { ApiError } from '../../api/api-error';
import { appendAuditEvent, type Actor } from '../../audit/audit-trail';
import { getDatabase, type Database } from '../../db/database';
import { getEnvironmentInfo } from '../../environment';
import { findMassActions, listUnfinishedMatching } from '../registry';
import { BULK_STOP_MAX_KEYS, describeTarget, type BulkStopAnswer, type BulkStopMember, type BulkStopOutcome, type BulkStopPreview, type BulkStopTarget } from '../shared/bulk-stop';
import { isStoppable } from '../shared/status';
import type { MassActionRow } from '../shared/types';
import { requestStop } from '../stop-service';

// A bulk stop: what a selection or a filter holds, confirmed once, then each key stopped as a single
// stop would be (re-read, stop; one Zuora stop per key across instances), a few at a time. Zuora
// allows 40 calls in flight per tenant and the refresher uses up to 8; the client also waits when
// Zuora's rate headers say the budget is nearly spent (lib/zuora/rate-headroom.ts).
const STOPS_IN_FLIGHT = 8;

export interface BulkStopRequest {
  target: BulkStopTarget;
  reason: string;
  /** How many stoppable mass actions the operator was shown: the stop is refused if that changed. */
  expectedCount: number;
  confirmation: string | null;
}

export async function previewBulkStop(target: BulkStopTarget): Promise<BulkStopPreview> {
  const db = await getDatabase();
  const { kind, host } = getEnvironmentInfo();
  const { members, leftOut } = await resolveTarget(db, target);
  const stoppable = members.filter((m) => m.status === null || isStoppable(m.status));
  for (const m of members) if (!stoppable.includes(m)) leftOut.push({ bulkKey: m.bulkKey, label: m.label, why: `already ${m.status}` });
  if (stoppable.length > BULK_STOP_MAX_KEYS) {
    throw new ApiError(400, 'too_many', `This matches ${stoppable.length.toLocaleString('en-US')} stoppable mass actions; at most ${BULK_STOP_MAX_KEYS} can be stopped at once. Narrow the search.`);
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
  const preview = await previewBulkStop(request.target);
  const count = preview.stoppable.length;
  if (count === 0) throw new ApiError(409, 'nothing_to_stop', 'None of these mass actions can be stopped any more: each is already Stopping or finished.');
  if (count !== request.expectedCount) {
    throw new ApiError(409, 'selection_changed', `This now holds ${count.toLocaleString('en-US')} stoppable mass action${count === 1 ? '' : 's'}, not ${request.expectedCount.toLocaleString('en-US')}: check again before stopping.`);
  }
  if (preview.confirmationText !== null && request.confirmation?.trim() !== preview.confirmationText) {
    throw new ApiError(400, 'confirmation_required', `In production, type the number of mass actions to stop (${preview.confirmationText}) to confirm.`);
  }

  const db = await getDatabase();
  const batchId = await appendAuditEvent(db, actor, {
    kind: 'stop-batch',
    summary: `Bulk stop of ${count.toLocaleString('en-US')} mass action${count === 1 ? '' : 's'} (${preview.target})`,
    details: {
      reason, target: request.target, count, byStatus: preview.byStatus, processedRows: preview.processedRows,
      keys: preview.stoppable.map((m) => m.bulkKey), leftOut: preview.leftOut,
    },
  });
  const limit = pLimit(STOPS_IN_FLIGHT);
  const outcomes = await Promise.all(preview.stoppable.map((member) => limit(() => stopMember(member, reason, actor, { id: batchId, size: count }))));
  const counts = { stopped: 0, refused: 0, failed: 0, 'not-stoppable': 0 };
  for (const o of outcomes) counts[o.outcome] += 1;
  return { batchId, outcomes, counts };
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
  if ('filter' in target) return { members: (await listUnfinishedMatching(db, target.filter, BULK_STOP_MAX_KEYS + 1)).map(memberOf), leftOut: [] };
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
