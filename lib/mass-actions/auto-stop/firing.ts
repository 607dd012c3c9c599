import 'server-only';
import type { Logger } from 'pino';
import { ApiError } from '../../api/api-error';
import type { Actor } from '../../audit/audit-trail';
import { getConfig } from '../../config';
import type { Database } from '../../db/database';
import { getLogger } from '../../log';
import { AUTO_STOP_ATTEMPTS, describeFireOutcome, describeFiring, describeSetter, ruleMet, type AutoStopRule, type FireOutcome } from '../shared/auto-stop';
import { notifyAutoStopFired } from '../notify-events';
import { isStoppable } from '../shared/status';
import type { MassActionState } from '../shared/types';
import { requestStop } from '../stop-service';
import type { AutoStopDefaults } from './config-defaults';
import { effectiveRule, findOwnRule, type RuleRow } from './rules';

/** Who a rule's stop is recorded as: the console itself, acting under the rule (which names who set it). */
export const CONSOLE_AUTO_STOP_ACTOR: Actor = { email: 'console', name: 'The console (auto-stop rule)', role: null, clientAddress: null };

// An instance that claimed a firing and died before its stop settled leaves fired_at without an
// outcome; after this long another refresh may claim it again (the stop re-reads Zuora first, so a
// stop that did go through is not sent twice). Well past a stop's own limits (a 120 s wait across instances).
const ABANDONED_CLAIM_MS = 5 * 60_000;

export interface AutoStopDeps {
  defaults: AutoStopDefaults;
  stop: typeof requestStop;
  /** Who hears of the firing: the webhooks. */
  tell: typeof notifyAutoStopFired;
  now: () => Date;
  logger: Logger;
}

export type AutoStopCheck = 'not-stoppable' | 'no-rule' | 'already-fired' | 'not-met' | 'claimed-elsewhere' | 'fired';

/**
 * After each refresh, with what Zuora just said: when the mass action's rule is met while it is
 * Pending or Processing, claims the firing (one UPDATE … WHERE fired_at IS NULL: of any number of
 * calls on any number of instances exactly one wins) and makes the one stop, as the console, with
 * the figures and who set the rule; then keeps what came of it.
 */
export async function checkAutoStop(db: Database, bulkKey: string, state: MassActionState, given: Partial<AutoStopDeps> = {}): Promise<AutoStopCheck> {
  if (!isStoppable(state.status)) return 'not-stoppable';
  const deps: AutoStopDeps = {
    defaults: given.defaults ?? getConfig().autoStopDefaults,
    stop: given.stop ?? requestStop,
    tell: given.tell ?? notifyAutoStopFired,
    now: given.now ?? (() => new Date()),
    logger: given.logger ?? getLogger().child({ component: 'auto-stop' }),
  };
  const now = deps.now();
  let row = await findOwnRule(db, bulkKey);
  if (row?.fired_at && !isAbandoned(row, now) && !isToBeTriedAgain(row)) return 'already-fired';
  let { rule, source } = effectiveRule(row, state.actionType, deps.defaults);
  if (!rule || !source) return 'no-rule';
  if (!ruleMet(rule, state)) return 'not-met';

  if (!row) {
    // The default is pinned on the mass action's own row, which the claim below then marks.
    await db
      .insertInto('auto_stop_rules')
      .values({
        bulk_key: bulkKey, after_processed: rule.afterProcessed, failed_percent_above: rule.failedPercentAbove, failed_above: rule.failedAbove,
        source: 'default', set_by_email: CONSOLE_AUTO_STOP_ACTOR.email, set_by_name: `AUTO_STOP_DEFAULTS (${state.actionType})`, set_at: now.toISOString(),
        fired_at: null, fired_summary: null, fire_outcome: null,
      })
      .onConflict((oc) => oc.column('bulk_key').doNothing())
      .execute();
    // Another instance, or an operator turning it off that very moment, may have written it first.
    row = await findOwnRule(db, bulkKey);
    if (!row) return 'no-rule';
    ({ rule, source } = effectiveRule(row, state.actionType, deps.defaults));
    if (!rule || !source || !ruleMet(rule, state)) return 'not-met';
  }

  const figures = { processedCount: state.processedCount ?? 0, errorCount: state.errorCount ?? 0, totalCount: state.totalCount };
  const setter = describeSetter(source, { email: row.set_by_email, name: row.set_by_name }, state.actionType);
  const summary = describeFiring(rule, figures, setter);
  if (!(await claim(db, row, rule, summary, now))) return 'claimed-elsewhere';

  deps.logger.info({ bulkKey, summary }, 'auto-stop rule fired');
  const context = {
    summary, firedAt: now.toISOString(), source, ...rule, ...figures,
    setBy: source === 'operator' ? { email: row.set_by_email, name: row.set_by_name } : null,
    setAt: source === 'operator' ? row.set_at : null,
    ...(source === 'default' ? { defaultFor: state.actionType } : {}),
  };
  const stopped = await stopUnderRule(bulkKey, summary, context, deps);
  const outcome: FireOutcome = stopped.kind === 'failed' ? { ...stopped, attempts: failedAttempts(row) + 1 } : stopped;
  await db.updateTable('auto_stop_rules').set({ fire_outcome: JSON.stringify(outcome) }).where('bulk_key', '=', bulkKey).where('fired_at', '=', now.toISOString()).execute();
  if (outcome.kind !== 'accepted') deps.logger.warn({ bulkKey, outcome }, 'auto-stop rule fired, but the stop did not go through');
  // Told once, with what came of it: a stop that did not go through is what a person must hear of.
  await deps.tell(db, bulkKey, { state, setBy: context.setBy ?? { email: row.set_by_email, name: row.set_by_name }, summary, outcome: describeFireOutcome(outcome) });
  return 'fired';
}

function failedAttempts(row: RuleRow): number {
  const outcome = row.fire_outcome ? (JSON.parse(row.fire_outcome) as FireOutcome) : null;
  return outcome?.kind === 'failed' ? (outcome.attempts ?? 1) : 0;
}

/** A stop that got no clear answer (a timeout, a 5xx) is tried again at a later read, a few times. */
function isToBeTriedAgain(row: RuleRow): boolean {
  const attempts = failedAttempts(row);
  return attempts > 0 && attempts < AUTO_STOP_ATTEMPTS;
}

function isAbandoned(row: RuleRow, now: Date): boolean {
  return row.fired_at !== null && row.fire_outcome === null && Date.parse(row.fired_at) < now.getTime() - ABANDONED_CLAIM_MS;
}

/** The claim: the row as it was read (rule and setting unchanged meanwhile), not fired, or fired and abandoned. */
async function claim(db: Database, row: RuleRow, rule: AutoStopRule, summary: string, now: Date): Promise<boolean> {
  const abandonedBefore = new Date(now.getTime() - ABANDONED_CLAIM_MS).toISOString();
  const result = await db
    .updateTable('auto_stop_rules')
    .set({ fired_at: now.toISOString(), fired_summary: summary, fire_outcome: null })
    .where('bulk_key', '=', row.bulk_key)
    .where('set_at', '=', row.set_at)
    .where('after_processed', rule.afterProcessed === null ? 'is' : '=', rule.afterProcessed)
    .where('failed_percent_above', rule.failedPercentAbove === null ? 'is' : '=', rule.failedPercentAbove)
    .where('failed_above', rule.failedAbove === null ? 'is' : '=', rule.failedAbove)
    .where((eb) => eb.or([
      eb('fired_at', 'is', null),
      eb.and([eb('fire_outcome', 'is', null), eb('fired_at', '<', abandonedBefore)]),
      // Tried again after a failure: the one who read the failed outcome wins, as the outcome is replaced.
      ...(isToBeTriedAgain(row) ? [eb.and([eb('fired_at', '=', row.fired_at!), eb('fire_outcome', '=', row.fire_outcome!)])] : []),
    ]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function stopUnderRule(bulkKey: string, summary: string, rule: Record<string, unknown>, deps: AutoStopDeps): Promise<FireOutcome> {
  try {
    const { message } = await deps.stop(bulkKey, summary, CONSOLE_AUTO_STOP_ACTOR, { rule });
    return { kind: 'accepted', message };
  } catch (error) {
    if (error instanceof ApiError) {
      const kind = error.code === 'not_stoppable' ? 'not-stoppable' : error.code === 'zuora_refused' ? 'refused' : 'failed';
      return { kind, code: error.code, message: error.message };
    }
    return { kind: 'failed', code: null, message: error instanceof Error ? error.message : String(error) };
  }
}
