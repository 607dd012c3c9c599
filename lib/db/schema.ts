import type { Generated } from 'kysely';

// Timestamps are ISO-8601 UTC strings so the same schema runs on SQLite and PostgreSQL.
export interface MassActionsTable {
  bulk_key: string;
  label: string | null;
  registered_by: string;
  /** How the key got here: 'demo', 'form', 'link' or 'api'. */
  registered_via: string;
  registered_at: string;
  status: string | null;
  /** The last MassActionState read from Zuora, as JSON. */
  snapshot: string | null;
  refreshed_at: string | null;
  /** The last refresh failure, kept until a refresh succeeds. */
  refresh_error: string | null;
  action_type: string | null;
  uploaded_by: string | null;
  uploaded_on: string | null;
  /** When the console first saw (or caused) Stopping: the watchdog's clock. */
  stopping_since: string | null;
  /** Rows per second between the last two refreshes while Processing. */
  rate_per_second: number | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor_email: string;
  actor_name: string | null;
  actor_role: string | null;
  client_address: string | null;
  kind: string;
  bulk_key: string | null;
  summary: string;
  /** JSON with what the kind needs: the reason of a stop, Zuora's answer, the old and new status… */
  details: string | null;
  zuora_track_id: string | null;
  zuora_request_id: string | null;
}

export interface SignInFailuresTable {
  id: Generated<number>;
  /** `account:<email>` or `address:<ip>`. */
  subject: string;
  at_ms: number;
}

export interface DatabaseSchema {
  mass_actions: MassActionsTable;
  audit_events: AuditEventsTable;
  sign_in_failures: SignInFailuresTable;
}
