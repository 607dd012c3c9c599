// Browser-safe: what the audit pages show.
export const AUDIT_KINDS = [
  'sign-in',
  'sign-in-failed',
  'sessions-ended',
  'registration',
  'stop-request',
  'stop-batch',
  'auto-stop-rule',
  'mass-action-start',
  'status-change',
  'file-download',
  'file-refused',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What the page and the CSV call each kind; the URL and the database keep the codes. */
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  'sign-in': 'Sign-in',
  'sign-in-failed': 'Sign-in refused',
  'sessions-ended': 'Sessions ended',
  registration: 'Registration',
  'stop-request': 'Stop request',
  'stop-batch': 'Bulk stop',
  'auto-stop-rule': 'Auto-stop rule',
  'mass-action-start': 'Start',
  'status-change': 'Status change',
  'file-download': 'File download',
  'file-refused': 'File refused',
};

export interface AuditEvent {
  id: number;
  at: string;
  actorEmail: string;
  actorName: string | null;
  actorRole: string | null;
  clientAddress: string | null;
  kind: AuditKind;
  bulkKey: string | null;
  summary: string;
  details: Record<string, unknown> | null;
  zuoraTrackId: string | null;
  zuoraRequestId: string | null;
  /** A bulk stop's entries: the id of the batch's own entry (kind 'stop-batch'). */
  batchId?: number | null;
  /** A failed sign-in: the failures of the same subject in its window after this one, counted, not written. */
  repeats?: { failed: number; throttled: number; lastAt: string } | null;
}

/**
 * An entry of a job page's activity trail: whole for admins; for everyone else without the client
 * address and with only the details the page shows (lib/audit/trail-redaction.ts).
 */
export type TrailEvent = Omit<AuditEvent, 'clientAddress'> & { clientAddress?: string | null };

export interface AuditPage {
  events: AuditEvent[];
  /** The id to pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}
