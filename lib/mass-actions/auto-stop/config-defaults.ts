import 'server-only';
import { ACTION_TYPES, isActionType, type ActionType } from '../../uploads/shared/action-types';
import { autoStopRuleSchema, type AutoStopRule } from '../shared/auto-stop';

/** AUTO_STOP_DEFAULTS: the rule each action type's mass actions get unless an operator sets another (or none). */
export type AutoStopDefaults = Partial<Record<ActionType, AutoStopRule>>;

/**
 * `{"MPU":{"afterProcessed":500,"failedPercentAbove":20}}`, checked entry by entry: each problem names
 * the variable, the action type and the field ("AUTO_STOP_DEFAULTS.MPU.failedPercentAbove: …").
 */
export function parseAutoStopDefaults(raw: string | undefined, problems: string[]): AutoStopDefaults {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('AUTO_STOP_DEFAULTS: is not valid JSON; it must look like {"MPU":{"afterProcessed":500,"failedPercentAbove":20}}');
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('AUTO_STOP_DEFAULTS: must be a JSON object keyed by action type, like {"MPU":{"afterProcessed":500,"failedPercentAbove":20}}');
    return {};
  }
  const defaults: AutoStopDefaults = {};
  for (const [type, entry] of Object.entries(parsed)) {
    if (!isActionType(type)) {
      problems.push(`AUTO_STOP_DEFAULTS.${type}: is not an action type (one of ${ACTION_TYPES.join(', ')})`);
      continue;
    }
    const rule = autoStopRuleSchema.safeParse(entry);
    if (rule.success) defaults[type] = rule.data;
    else {
      for (const issue of rule.error.issues) {
        const where = [type, ...issue.path.map(String)].join('.');
        const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')} (a rule has afterProcessed, failedPercentAbove and failedAbove)` : issue.message;
        problems.push(`AUTO_STOP_DEFAULTS.${where}: ${message}`);
      }
    }
  }
  return defaults;
}
