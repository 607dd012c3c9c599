import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';

// Browser-safe: the Stop dialog asks for what the server will insist on.

/** `STOP_REASON_REQUIRED`: when a stop must say why. */
export const STOP_REASON_RULES = ['production', 'always', 'never'] as const;
export type StopReasonRule = (typeof STOP_REASON_RULES)[number];

export function isStopReasonRequired(rule: StopReasonRule, kind: ZuoraEnvironmentKind): boolean {
  return rule === 'always' || (rule === 'production' && kind === 'production');
}

/** What a production stop must be typed to confirm: the environment's name. Null in a sandbox, one click there. */
export function stopConfirmationWord(kind: ZuoraEnvironmentKind): string | null {
  return kind === 'production' ? 'production' : null;
}

/** What the Stop button still waits for, in words; null when it may be pressed. */
export function describeWhatStopNeeds(
  { isReasonRequired, confirmationWord }: { isReasonRequired: boolean; confirmationWord: string | null },
  { reason, confirmation }: { reason: string; confirmation: string },
): string | null {
  const missing: string[] = [];
  if (isReasonRequired && reason.trim() === '') missing.push('give a reason');
  if (confirmationWord !== null && confirmation.trim() !== confirmationWord) missing.push(`type “${confirmationWord}”`);
  return missing.length > 0 ? `To stop, ${missing.join(' and ')}.` : null;
}
