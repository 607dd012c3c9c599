// What the console tells a chat about (issue 14): the events a webhook can ask for, and what each carries.
// Browser-safe: the notifications page names the events with the same words the messages use.

export const NOTIFICATION_EVENTS = ['stop-requested', 'stopped', 'auto-stop-fired', 'completed-with-failures', 'failed', 'stuck-in-stopping'] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

export interface NotificationEvent {
  kind: NotificationEventKind;
  bulkKey: string;
  label: string | null;
  actionType: string | null;
  counts: { total: number | null; processed: number | null; succeeded: number | null; failed: number | null };
  /** Who asked for the stop or set the rule; null when the console observed it in Zuora. */
  actor: { name: string | null; email: string } | null;
  reason: string | null;
  /** One more line of text: the auto-stop's figures, how long it has been Stopping, a bulk stop's batch. */
  detail: string | null;
  /** When it happened (ISO, UTC). */
  at: string;
  /**
   * A bulk stop told as one message rather than one per mass action (no storm in the chat): then
   * `bulkKey` is the batch's subject, `batch-<id>`, and the link goes to the batch in the audit trail.
   */
  batch?: { id: number; size: number; labels: string[] };
}

/** The subject a bulk stop's one message is queued under, in place of a bulk key. */
export const batchSubject = (batchId: number) => `batch-${batchId}`;

/** The words for each event, in a chat message's first line and on the notifications page. */
export const NOTIFICATION_EVENT_TITLES: Record<NotificationEventKind, string> = {
  'stop-requested': 'Stop requested',
  stopped: 'Stopped',
  'auto-stop-fired': 'Auto-stop fired',
  'completed-with-failures': 'Completed with failures',
  failed: 'Failed',
  'stuck-in-stopping': 'Stuck in Stopping',
};

export function isNotificationEventKind(value: string): value is NotificationEventKind {
  return (NOTIFICATION_EVENTS as readonly string[]).includes(value);
}
