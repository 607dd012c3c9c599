import 'server-only';
import { ApiError } from '../api/api-error';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import type { ZuoraStopAnswer } from '../audit/shared/stop-details';
import { getConfig } from '../config';
import { getDatabase, type Database } from '../db/database';
import { freeLease } from '../db/leases';
import { acrossInstances } from '../db/shared-flight';
import { refreshLeaseName } from './status-refresher';
import { getZuoraClient } from '../zuora/client';
import { ZuoraError } from '../zuora/errors';
import type { CallMeta } from '../zuora/http-client';
import { getStatusRefresher } from './list-service';
import { notifyAfterRefresh, notifyStopRequested } from './notify-events';
import { recordObservedState } from './observed-state';
import { findMassAction, recordStopAccepted } from './registry';
import { isStoppable } from './shared/status';
import type { MassActionState } from './shared/types';
import { isStopReasonRequired, type StopReasonRule } from '../shared/stop-friction';
import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';

export interface StopOutcome {
  /** True when this request arrived while the same stop was already under way and shared it. */
  joined: boolean;
  message: string;
}

interface StopResult {
  before: MassActionState;
  meta: CallMeta;
}

// One Zuora stop per key however many clicks or operators, on whichever console instances: later
// requests share the first one's call, in this process through this map, across instances through a
// lease in the database (lib/db/shared-flight.ts).
const globalForStops = globalThis as unknown as { stopsInFlight?: Map<string, Promise<{ value: StopResult; joined: boolean }>> };
const stopsInFlight = (globalForStops.stopsInFlight ??= new Map());

/** Who else asked for this stop: a bulk stop's batch, or an auto-stop rule (then the actor is the console). */
export interface StopContext {
  /** The batch's own audit entry (kind 'stop-batch'), and how many keys it holds. */
  batch?: { id: number; size: number };
  /** The rule that fired, for the entry's details (lib/mass-actions/auto-stop). */
  rule?: Record<string, unknown>;
}

export async function requestStop(bulkKey: string, reason: string | null, actor: Actor, context: StopContext = {}): Promise<StopOutcome> {
  const { stopReasonRequired, zuora } = getConfig();
  if (!context.rule) assertStopReason(reason, stopReasonRequired, zuora.environment);
  const db = await getDatabase();
  const registered = await findMassAction(db, bulkKey);
  if (!registered) throw new ApiError(404, 'not_registered', 'This bulk key is not registered in the console; register it first.');
  const { label } = registered;

  let flight = stopsInFlight.get(bulkKey);
  const joinedHere = flight !== undefined;
  if (!flight) {
    flight = stopOncePerKey(db, bulkKey).finally(() => stopsInFlight.delete(bulkKey));
    stopsInFlight.set(bulkKey, flight);
  }

  let joined = joinedHere;
  try {
    const shared = await flight;
    joined ||= shared.joined;
    const { before, meta } = shared.value;
    const processed = before.processedCount ?? 0;
    const summary = joined ? 'Stop requested while the same stop was under way (one call to Zuora)' : `Stop requested; Zuora accepted it (was ${before.status})`;
    await appendAuditEvent(db, actor, {
      kind: 'stop-request', bulkKey, summary: withContext(summary, context), zuora: meta, batchId: context.batch?.id ?? null,
      details: { reason, label, joined, zuoraAnswer: 'accepted' satisfies ZuoraStopAnswer, statusBefore: before.status, processedCount: processed, totalCount: before.totalCount, ...contextDetails(context) },
    });
    // A bulk stop is told once for the whole batch (bulk-stop-service.ts), not once per mass action.
    if (!joined && !context.batch) await notifyStopRequested(db, bulkKey, { label, state: before, actor, reason, detail: null });
    return { joined, message: 'Zuora accepted the stop; the mass action is Stopping.' };
  } catch (error) {
    const refusal = toRefusal(error);
    await appendAuditEvent(db, actor, {
      kind: 'stop-request', bulkKey, summary: withContext(`Stop refused: ${refusal.message}`, context), batchId: context.batch?.id ?? null,
      zuora: error instanceof ZuoraError ? { trackId: error.trackId, requestId: error.requestId } : null,
      details: { reason, label, joined, zuoraAnswer: zuoraAnswerTo(refusal), message: refusal.message, ...contextDetails(context) },
    });
    throw refusal;
  }
}

/** "in bulk stop #812 with 11 others", or null for a stop of its own. */
function batchWords({ batch }: StopContext): string | null {
  if (!batch) return null;
  const others = batch.size - 1;
  return `in bulk stop #${batch.id}${others > 0 ? ` with ${others.toLocaleString('en-US')} other${others === 1 ? '' : 's'}` : ''}`;
}

function withContext(summary: string, context: StopContext): string {
  const words = batchWords(context);
  return words ? `${summary} · ${words}` : summary;
}

function contextDetails({ batch, rule }: StopContext): Record<string, unknown> {
  return { ...(batch ? { batch } : {}), ...(rule ? { rule } : {}) };
}

/**
 * STOP_REASON_REQUIRED, enforced here whatever the page did: a stop without a reason where one is
 * required is bad input, refused before the registry or Zuora is asked (the dialog asks first).
 */
export function assertStopReason(reason: string | null, rule: StopReasonRule, kind: ZuoraEnvironmentKind): void {
  if (reason?.trim() || !isStopReasonRequired(rule, kind)) return;
  const where = kind === 'production' ? 'in production' : 'in this console';
  throw new ApiError(400, 'reason_required', `A stop ${where} must give a reason: say in a few words why it is stopped (it is kept in the audit trail).`);
}

/**
 * A stop the console refused before looking at the mass action (the user lacks the operator role):
 * kept in the trail like any stop request, with who asked, for which key (null when the URL named
 * none) and why it was refused; Zuora was not asked.
 */
export async function recordRefusedStop(bulkKey: string | null, actor: Actor, why: string): Promise<void> {
  await appendAuditEvent(await getDatabase(), actor, {
    kind: 'stop-request', bulkKey, summary: `Stop refused by the console: ${why}`,
    details: { zuoraAnswer: 'not-asked' satisfies ZuoraStopAnswer, refusedBy: 'console', message: why },
  });
}

function stopOncePerKey(db: Database, bulkKey: string): Promise<{ value: StopResult; joined: boolean }> {
  return acrossInstances(db, `stop:${bulkKey}`, () => stopOnce(db, bulkKey), {
    // What the waiting instances' operators are told: the same refusal, in the same words.
    serializeError: (error) => {
      const refusal = toRefusal(error);
      return refusal instanceof ApiError ? { status: refusal.status, code: refusal.code, message: refusal.message } : { message: refusal.message };
    },
    deserializeError: (e) => (e.status && e.code ? new ApiError(e.status, e.code, e.message) : new Error(e.message)),
    tooLong: () => new ApiError(503, 'stop_pending', 'Another console instance is still stopping this mass action; its status shows the outcome in a moment.'),
  });
}

async function stopOnce(db: Database, bulkKey: string): Promise<StopResult> {
  const client = getZuoraClient();
  // Re-read first: the list may be seconds old, and stopping a finished action only earns a refusal.
  const { state, meta: readMeta } = await client.getMassAction(bulkKey);
  const previous = await recordObservedState(db, bulkKey, state, readMeta, new Date());
  if (previous !== state.status) {
    // This read may be the one that learns it ended (nobody watching): told like any refresh's.
    getStatusRefresher().announce({ bulkKey, status: state.status });
    if (!isStoppable(state.status)) await notifyAfterRefresh(db, bulkKey, previous, state);
  }
  if (!isStoppable(state.status)) {
    throw new ApiError(409, 'not_stoppable', `This mass action is ${state.status}; only Pending or Processing mass actions can be stopped.`);
  }
  const { meta } = await client.stopMassAction(bulkKey);
  await recordStopAccepted(db, bulkKey, new Date());
  // Whichever instance read it last, it is now read at the Stopping pace.
  await freeLease(db, refreshLeaseName(bulkKey));
  // Everyone watching learns of Stopping now, and of Stopped within a second of Zuora's.
  const refresher = getStatusRefresher();
  refresher.announce({ bulkKey, status: 'Stopping' });
  refresher.expedite(bulkKey);
  return { before: state, meta };
}

/** What Zuora said to a stop that did not succeed: only a 'zuora_refused' came from Zuora's answer to the stop itself. */
export function zuoraAnswerTo(refusal: Error): ZuoraStopAnswer {
  if (refusal instanceof ApiError) return refusal.code === 'zuora_refused' ? 'refused' : 'not-asked';
  return 'failed';
}

function toRefusal(error: unknown): Error {
  if (error instanceof ApiError) return error;
  if (error instanceof ZuoraError && (error.kind === 'refused' || (error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 429))) {
    const said = error.reasons.map((r) => r.message).filter(Boolean).join('; ') || `HTTP ${error.status}`;
    return new ApiError(409, 'zuora_refused', `Zuora refused the stop: ${said}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
