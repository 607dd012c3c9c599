// Browser-safe: an auto-stop rule, its checks and its words, for the job page, the API and the server's firing.
import { z } from 'zod';
import { formatCount } from '../../shared/format';

/**
 * Stop a mass action once at least `afterProcessed` rows are processed and more than
 * `failedPercentAbove` % of them failed (the two go together), or once more than `failedAbove` rows
 * failed. "More than" is strict: 20 % of 500 is not more than 20 %.
 */
export interface AutoStopRule {
  afterProcessed: number | null;
  failedPercentAbove: number | null;
  failedAbove: number | null;
}

export interface RuleFigures {
  processedCount: number | null;
  errorCount: number | null;
}

/** Where a mass action's rule comes from: set on its page, or its action type's AUTO_STOP_DEFAULTS entry. */
export type AutoStopSource = 'operator' | 'default';

/** What a fired rule's stop came to (kept as the rule's `fire_outcome`). */
export type FireOutcome =
  | { kind: 'accepted'; message: string }
  | { kind: 'not-stoppable' | 'refused'; code: string | null; message: string }
  /** No clear answer (a timeout, a 5xx): tried again at the next reads, up to AUTO_STOP_ATTEMPTS in all. */
  | { kind: 'failed'; code: string | null; message: string; attempts?: number };

/** How many times a rule's stop is tried when Zuora gives no clear answer, a read apart. */
export const AUTO_STOP_ATTEMPTS = 5;

/** GET /api/mass-actions/{bulkKey}/auto-stop: a mass action's rule, where it came from, and where it stands. */
export interface AutoStopView {
  bulkKey: string;
  /** The rule that applies; null when none does (none set, no default, or turned off). */
  rule: AutoStopRule | null;
  source: AutoStopSource | null;
  /** The action type whose default applies or was turned off; null when Zuora has not said yet. */
  actionType: string | null;
  /** Its action type's default, so the form can offer it back; null when there is none. */
  defaultRule: AutoStopRule | null;
  /** An operator chose "No rule" (over a default, or a rule of their own). */
  isTurnedOff: boolean;
  setBy: { email: string; name: string | null } | null;
  setAt: string | null;
  state: AutoStopState;
  fired: { at: string; summary: string | null; outcome: FireOutcome | null } | null;
  /** Whether an operator may still change the rule: not finished, not Stopping, not fired. */
  isEditable: boolean;
  /** Why not, in words, when it is not editable. */
  notEditableBecause: string | null;
}

/** watching: the rule is checked on every read · fired · not-applicable: finished or Stopping · none: no rule. */
export type AutoStopState = 'watching' | 'fired' | 'not-applicable' | 'none';

const count = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number` })
    .min(1, { error: `${field} must be at least 1` })
    .max(1_000_000_000, { error: `${field} must be at most 1,000,000,000` });

const percent = z
  .number({ error: 'the percentage must be a number' })
  .gt(0, { error: 'the percentage must be more than 0' })
  .lt(100, { error: 'the percentage must be less than 100' });

const NO_CONDITION = 'give at least one condition: a percentage after a processed row count, or a failed row count';

/** An auto-stop rule with at least one condition; the percentage and its row count go together. */
export const autoStopRuleSchema = z
  .object({
    afterProcessed: count('the processed row count').nullable().default(null),
    failedPercentAbove: percent.nullable().default(null),
    failedAbove: count('the failed row count').nullable().default(null),
  }, { error: 'must be a rule: { "afterProcessed", "failedPercentAbove", "failedAbove" }' })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.afterProcessed === null) !== (rule.failedPercentAbove === null)) {
      const missing = rule.afterProcessed === null ? 'afterProcessed' : 'failedPercentAbove';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'a percentage of failed rows needs the processed row count it starts after, and the other way round: give both or neither' });
    }
    if (rule.afterProcessed === null && rule.failedPercentAbove === null && rule.failedAbove === null) {
      ctx.addIssue({ code: 'custom', path: [], message: NO_CONDITION });
    }
  });

type InputField = keyof AutoStopRule | 'none';
type ParsedInput = { ok: true; rule: AutoStopRule | null } | { ok: false; field: InputField | null; message: string };

const BODY_SHAPE = 'a rule { "afterProcessed", "failedPercentAbove", "failedAbove" } or { "none": true }';

/**
 * What an operator sends, a rule or `{ "none": true }` to have none (turning a default off), as the
 * rule or null; otherwise the first problem in words with the field it concerns, for the form (each
 * message beside its field) and the API (400) alike.
 */
export function parseAutoStopInput(input: unknown): ParsedInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, field: null, message: `must be ${BODY_SHAPE}` };
  if ('none' in input) {
    if (input.none !== true) return { ok: false, field: 'none', message: 'must be true, for no rule' };
    if (Object.keys(input).length > 1) return { ok: false, field: 'none', message: 'give either { "none": true } or conditions, not both' };
    return { ok: true, rule: null };
  }
  const parsed = autoStopRuleSchema.safeParse(input);
  if (parsed.success) return { ok: true, rule: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const message =
    issue?.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}: the body must be ${BODY_SHAPE}`
    : issue?.message === NO_CONDITION ? `${NO_CONDITION}; or { "none": true } for no rule`
    : (issue?.message ?? 'invalid');
  return { ok: false, field: field === 'afterProcessed' || field === 'failedPercentAbove' || field === 'failedAbove' ? field : null, message };
}

/** The same as a zod schema, for parseJsonBody: the answer's message names the field ("afterProcessed: …"). */
export const autoStopInputSchema = z.unknown().transform((input, ctx): AutoStopRule | null => {
  const parsed = parseAutoStopInput(input);
  if (parsed.ok) return parsed.rule;
  ctx.addIssue({ code: 'custom', path: parsed.field ? [parsed.field] : [], message: parsed.message });
  return z.NEVER;
});

export function hasCondition(rule: AutoStopRule | null): rule is AutoStopRule {
  return rule !== null && ((rule.afterProcessed !== null && rule.failedPercentAbove !== null) || rule.failedAbove !== null);
}

/** Whether Zuora's counts meet the rule. Counts Zuora has not given yet (Pending) meet nothing. */
export function ruleMet(rule: AutoStopRule | null, { processedCount, errorCount }: RuleFigures): boolean {
  if (!hasCondition(rule) || processedCount === null || errorCount === null || processedCount <= 0) return false;
  const { afterProcessed, failedPercentAbove, failedAbove } = rule;
  // errors / processed > p / 100, without a division: 1 of 3 is 33.33…%, never rounded into "more".
  const isRateMet = afterProcessed !== null && failedPercentAbove !== null && processedCount >= afterProcessed && errorCount * 100 > failedPercentAbove * processedCount;
  const isCountMet = failedAbove !== null && errorCount > failedAbove;
  return isRateMet || isCountMet;
}

const formatPercentNumber = (value: number) => `${Number(value.toFixed(3))}%`;

/** "> 20% failed after 500 processed, or > 300 failed"; "no rule" for none. */
export function describeRule(rule: AutoStopRule | null): string {
  if (!hasCondition(rule)) return 'no rule';
  const parts: string[] = [];
  if (rule.afterProcessed !== null && rule.failedPercentAbove !== null) parts.push(`> ${formatPercentNumber(rule.failedPercentAbove)} failed after ${formatCount(rule.afterProcessed)} processed`);
  if (rule.failedAbove !== null) parts.push(`> ${formatCount(rule.failedAbove)} failed`);
  return parts.join(', or ');
}

/** The rule as the firing summary gives it: "> 20% after 500", "> 300 failed", "> 20% after 500 or > 300 failed". */
function describeRuleShort(rule: AutoStopRule): string {
  const parts: string[] = [];
  if (rule.afterProcessed !== null && rule.failedPercentAbove !== null) parts.push(`> ${formatPercentNumber(rule.failedPercentAbove)} after ${formatCount(rule.afterProcessed)}`);
  if (rule.failedAbove !== null) parts.push(`> ${formatCount(rule.failedAbove)} failed`);
  return parts.join(' or ');
}

/**
 * The failed share as a percentage that never contradicts the rule: 101 of 501 is 20.2%, not "20%"
 * beside "rule > 20%". Whole numbers where rounding keeps the comparison, else a decimal or two more.
 */
export function formatFailedPercent(errorCount: number, processedCount: number, threshold: number | null = null): string {
  if (processedCount <= 0) return '0%';
  const share = (errorCount * 100) / processedCount;
  const isAbove = threshold !== null && errorCount * 100 > threshold * processedCount;
  for (const digits of [0, 1, 2, 3]) {
    const shown = Number(share.toFixed(digits));
    if (threshold === null || (shown > threshold) === isAbove) return `${shown}%`;
  }
  return `${Number(share.toFixed(3))}%`;
}

/** Who set the rule, as the summary names them: a person, or the action type's default. */
export function describeSetter(source: AutoStopSource, setBy: { email: string; name: string | null } | null, actionType: string | null): string {
  if (source === 'default') return `the default for ${actionType ?? 'its action type'}`;
  return `set by ${setBy?.name || setBy?.email || 'an operator'}`;
}

/** "auto-stop: 312 of 1,000 processed rows failed (31%), rule > 20% after 500 set by Olivia Operator". */
export function describeFiring(rule: AutoStopRule, figures: { processedCount: number; errorCount: number }, setter: string): string {
  const { processedCount, errorCount } = figures;
  const share = formatFailedPercent(errorCount, processedCount, rule.failedPercentAbove);
  const joiner = setter.startsWith('set by') ? ' ' : ', ';
  return `auto-stop: ${formatCount(errorCount)} of ${formatCount(processedCount)} processed rows failed (${share}), rule ${describeRuleShort(rule)}${joiner}${setter}`;
}

/** "watching: 120 of 1,000 processed, 3% failed"; before Zuora gives counts, "watching: nothing processed yet". */
export function describeWatching(figures: RuleFigures & { totalCount: number | null }): string {
  const { processedCount, errorCount, totalCount } = figures;
  if (processedCount === null || processedCount === 0) return 'watching: nothing processed yet';
  const of = totalCount === null ? '' : ` of ${formatCount(totalCount)}`;
  const failed = errorCount === null ? '' : `, ${formatFailedPercent(errorCount, processedCount)} failed`;
  return `watching: ${formatCount(processedCount)}${of} processed${failed}`;
}

/** What came of the stop, in words: "Zuora accepted the stop", "the stop was refused: …". */
export function describeFireOutcome(outcome: FireOutcome | null): string {
  if (!outcome) return 'the stop is being requested';
  if (outcome.kind === 'accepted') return 'Zuora accepted the stop';
  if (outcome.kind === 'not-stoppable') return `no stop was needed: ${outcome.message}`;
  if (outcome.kind !== 'failed') return `the stop was refused: ${outcome.message}`;
  const attempts = outcome.attempts ?? 1;
  const next = attempts < AUTO_STOP_ATTEMPTS ? ` The console tries again at its next read (attempt ${attempts} of ${AUTO_STOP_ATTEMPTS}); stop it by hand if it cannot wait.` : ` It gave up after ${attempts} attempts: stop it by hand if it is still running.`;
  return `the stop could not be made: ${outcome.message}${next}`;
}
