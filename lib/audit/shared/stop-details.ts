// Browser-safe: what the job page and the audit page show beside a stop request's summary.

/** The only details of an entry a non-admin receives (lib/audit/trail-redaction.ts), so keep in step with StopRequestDetails. */
export const STOP_DETAIL_KEYS = ['reason', 'label', 'zuoraAnswer'] as const;

/** Zuora's answer to a stop: 'not-asked' when the console refused it first, 'failed' when the call got no clear answer. */
export type ZuoraStopAnswer = 'accepted' | 'refused' | 'not-asked' | 'failed';

export interface StopDetails {
  /** What the operator typed in the Stop dialog. */
  reason: string | null;
  /** The mass action's label when the stop was asked for. */
  label: string | null;
  zuoraAnswer: ZuoraStopAnswer | null;
}

const ANSWERS: Record<ZuoraStopAnswer, string> = {
  accepted: 'accepted',
  refused: 'refused',
  'not-asked': 'not asked (the console refused the stop)',
  failed: 'none (the call to Zuora failed)',
};

// Entries are kept as written, so read them defensively: older ones lack the label.
export function readStopDetails(details: Record<string, unknown> | null): StopDetails {
  const text = (key: string) => (typeof details?.[key] === 'string' ? (details[key] as string) : null);
  const answer = text('zuoraAnswer');
  return { reason: text('reason'), label: text('label'), zuoraAnswer: answer && answer in ANSWERS ? (answer as ZuoraStopAnswer) : null };
}

export function describeZuoraAnswer(answer: ZuoraStopAnswer): string {
  return ANSWERS[answer];
}
