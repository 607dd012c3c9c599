import 'server-only';
import type { Selectable } from 'kysely';
import { ApiError } from '../../api/api-error';
import { appendAuditEvent, type Actor } from '../../audit/audit-trail';
import type { Database } from '../../db/database';
import type { AutoStopRulesTable } from '../../db/schema';
import { isActionType } from '../../uploads/shared/action-types';
import { findMassAction, type UnfinishedRow } from '../registry';
import { describeRule, hasCondition, type AutoStopRule, type AutoStopSource, type AutoStopView, type FireOutcome } from '../shared/auto-stop';
import { isTerminal, type MassActionStatus } from '../shared/status';
import type { AutoStopDefaults } from './config-defaults';

// A mass action's auto-stop rule: its own row in auto_stop_rules (set on its page, or its action
// type's default pinned there when it fired), else its action type's AUTO_STOP_DEFAULTS entry. A row
// with no condition is an operator's "no rule", which also turns a default off. A rule fires once: a
// fired rule cannot be changed, so a rule changed after firing never fires a second stop.

export type RuleRow = Selectable<AutoStopRulesTable>;

export interface EffectiveRule {
  rule: AutoStopRule | null;
  source: AutoStopSource | null;
  /** Its own row; null while only its action type's default applies. */
  row: RuleRow | null;
}

export async function findOwnRule(db: Database, bulkKey: string): Promise<RuleRow | null> {
  return (await db.selectFrom('auto_stop_rules').selectAll().where('bulk_key', '=', bulkKey).executeTakeFirst()) ?? null;
}

export function ruleOfRow(row: Pick<RuleRow, 'after_processed' | 'failed_percent_above' | 'failed_above'>): AutoStopRule {
  return { afterProcessed: row.after_processed, failedPercentAbove: row.failed_percent_above === null ? null : Number(row.failed_percent_above), failedAbove: row.failed_above };
}

export function defaultRuleFor(actionType: string | null, defaults: AutoStopDefaults): AutoStopRule | null {
  return isActionType(actionType) ? (defaults[actionType] ?? null) : null;
}

/** Its own row's rule, else its action type's default. */
export function effectiveRule(row: RuleRow | null, actionType: string | null, defaults: AutoStopDefaults): EffectiveRule {
  if (row) {
    const rule = ruleOfRow(row);
    return { rule: hasCondition(rule) ? rule : null, source: row.source === 'default' ? 'default' : 'operator', row };
  }
  const rule = defaultRuleFor(actionType, defaults);
  return { rule, source: rule ? 'default' : null, row: null };
}

/**
 * Whether the refresher reads this mass action while nobody watches: it has a rule of its own (fired
 * or not: it is followed to its end), or its action type has a default and no operator turned it
 * off. One never read yet is read once when any default exists: only Zuora knows its action type.
 */
export function isReadForRule(row: UnfinishedRow, defaults: AutoStopDefaults): boolean {
  if (row.ownAutoStop !== null) return row.ownAutoStop === 'active';
  if (row.actionType === null) return row.refreshedAt === null && Object.keys(defaults).length > 0;
  return defaultRuleFor(row.actionType, defaults) !== null;
}

function readOutcome(row: RuleRow): FireOutcome | null {
  return row.fire_outcome ? (JSON.parse(row.fire_outcome) as FireOutcome) : null;
}

function whyNotEditable(status: MassActionStatus | null, row: RuleRow | null): string | null {
  if (row?.fired_at) return 'The rule has fired; a rule fires once per mass action, so it can no longer be changed.';
  if (isTerminal(status)) return `This mass action is ${status}: a rule can no longer apply.`;
  if (status === 'Stopping') return 'This mass action is Stopping: a rule can no longer apply.';
  return null;
}

/** GET's answer: the rule that applies, where it came from, and where it stands; null for an unregistered key. */
export async function getAutoStopView(db: Database, bulkKey: string, defaults: AutoStopDefaults): Promise<AutoStopView | null> {
  const massAction = await findMassAction(db, bulkKey);
  if (!massAction) return null;
  const status = massAction.state?.status ?? null;
  const actionType = massAction.state?.actionType ?? null;
  const { rule, source, row } = effectiveRule(await findOwnRule(db, bulkKey), actionType, defaults);
  const notEditableBecause = whyNotEditable(status, row);
  const isFired = row?.fired_at != null;
  return {
    bulkKey,
    rule,
    source,
    actionType,
    defaultRule: defaultRuleFor(actionType, defaults),
    isTurnedOff: row !== null && rule === null,
    setBy: row && row.source === 'operator' ? { email: row.set_by_email, name: row.set_by_name } : null,
    setAt: row?.source === 'operator' ? row.set_at : null,
    state: isFired ? 'fired' : isTerminal(status) || status === 'Stopping' ? 'not-applicable' : rule ? 'watching' : 'none',
    fired: row?.fired_at ? { at: row.fired_at, summary: row.fired_summary, outcome: readOutcome(row) } : null,
    isEditable: notEditableBecause === null,
    notEditableBecause,
  };
}

const sameRule = (a: AutoStopRule | null, b: AutoStopRule | null) =>
  a?.afterProcessed === b?.afterProcessed && a?.failedPercentAbove === b?.failedPercentAbove && a?.failedAbove === b?.failedAbove;

/**
 * Sets, changes or (with null) turns off a mass action's rule, as `actor`, in the audit trail with the
 * rule before and after. Refused with 409 once the mass action is finished or Stopping, or its rule
 * fired (checked again in the write itself, so a rule firing meanwhile is never overwritten).
 */
export async function setAutoStopRule(db: Database, bulkKey: string, rule: AutoStopRule | null, actor: Actor, defaults: AutoStopDefaults, now = new Date()): Promise<AutoStopView> {
  const massAction = await findMassAction(db, bulkKey);
  if (!massAction) throw new ApiError(404, 'not_registered', 'This bulk key is not registered in the console; register it first.');
  const status = massAction.state?.status ?? null;
  const actionType = massAction.state?.actionType ?? null;
  const own = await findOwnRule(db, bulkKey);
  const why = whyNotEditable(status, own);
  if (why) throw new ApiError(409, own?.fired_at ? 'already_fired' : 'not_applicable', why);
  const before = effectiveRule(own, actionType, defaults);
  if (own?.source === 'operator' && sameRule(ruleOfRow(own), rule ?? { afterProcessed: null, failedPercentAbove: null, failedAbove: null })) {
    return (await getAutoStopView(db, bulkKey, defaults))!;
  }

  const values = {
    after_processed: rule?.afterProcessed ?? null, failed_percent_above: rule?.failedPercentAbove ?? null, failed_above: rule?.failedAbove ?? null,
    source: 'operator', set_by_email: actor.email, set_by_name: actor.name ?? null, set_at: now.toISOString(),
  };
  const written = await db
    .insertInto('auto_stop_rules')
    .values({ bulk_key: bulkKey, ...values, fired_at: null, fired_summary: null, fire_outcome: null })
    .onConflict((oc) => oc.column('bulk_key').doUpdateSet(values).where('auto_stop_rules.fired_at', 'is', null))
    .returning('bulk_key')
    .executeTakeFirst();
  if (!written) throw new ApiError(409, 'already_fired', 'The rule fired a moment ago; a rule fires once per mass action, so it can no longer be changed.');

  const was = before.rule ? `${describeRule(before.rule)}${before.source === 'default' ? ` (the default for ${actionType})` : ''}` : 'no rule';
  await appendAuditEvent(db, actor, {
    kind: 'auto-stop-rule', bulkKey,
    summary: rule ? `Auto-stop rule set: ${describeRule(rule)} (was ${was})` : `Auto-stop rule turned off (was ${was})`,
    details: { from: before.rule, fromSource: before.source, to: rule },
  }, now);
  return (await getAutoStopView(db, bulkKey, defaults))!;
}
