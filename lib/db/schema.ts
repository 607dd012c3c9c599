import 'server-only';
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
  /** Started from another mass action (lib/uploads/): which one, and why ('rest', 'retry'). */
  parent_bulk_key: Generated<string | null>;
  relation: Generated<string | null>;
  part_index: Generated<number | null>;
  part_count: Generated<number | null>;
  /** Started in the console: its upload. */
  upload_id: Generated<number | null>;
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
  /** The bulk stop this entry belongs to: the id of the batch's own entry (kind 'stop-batch'). */
  batch_id: number | null;
}

export interface SignInFailuresTable {
  id: Generated<number>;
  /** `account:<keyed hash of the typed name>` or `address:<ip>`. */
  subject: string;
  at_ms: number;
  /** The attempt that reserved this row before its password was checked (lib/auth/sign-in-throttle.ts). */
  attempt_id: string | null;
}

export interface ConsoleSessionsTable {
  id: string;
  identity: string;
  name: string;
  method: 'local' | 'sso';
  sso_email: string | null;
  sso_groups: string | null;
  created_at: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export interface SignInTalliesTable {
  audit_event_id: number;
  subject: string;
  window_ends_ms: number;
  failed: number;
  throttled: number;
  last_at: string;
}

/** One import of a mass action's result file; the rows below carry its id (lib/result-files/). */
export interface ResultImportsTable {
  id: Generated<number>;
  bulk_key: string;
  /** 'importing', 'ready' or 'failed'. */
  status: string;
  /** The console process doing the import; with heartbeat_at, tells a live import from a dead one. */
  owner: string;
  action_type: string | null;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  download_size: number | null;
  bytes_downloaded: Generated<number>;
  rows_imported: Generated<number>;
  succeeded_count: Generated<number>;
  failed_count: Generated<number>;
  not_processed_count: Generated<number>;
  /** ResultColumn[] as JSON, once the header is read. */
  columns: string | null;
  csv_name: string | null;
  has_bom: Generated<number>;
  line_ending: Generated<string>;
  /** Bytes of the zip kept as Zuora gave it; null when it could not be kept whole. */
  raw_size: number | null;
  error_code: string | null;
  error_message: string | null;
  error_retryable: Generated<number>;
}

/** Consecutive rows of one import (lib/result-files/store/stored-block.ts). */
export interface ResultRowBlocksTable {
  import_id: number;
  first_row: number;
  row_count: number;
  /** One outcome code per row. */
  outcomes: Uint8Array;
  encoding: number;
  cells: string;
}

export interface ResultErrorGroupsTable {
  import_id: number;
  /** 1 for the largest group. */
  rank: number;
  message: string;
  row_count: number;
  first_row: number;
}

export interface ResultRawChunksTable {
  import_id: number;
  seq: number;
  bytes: Uint8Array;
}

/** A named lease: who holds it and until when (lib/db/leases.ts). */
export interface LeasesTable {
  name: string;
  owner: string;
  until_ms: number;
  note: string | null;
  noted_at_ms: number | null;
}

/** How many of something a subject used in one window (lib/db/usage-counters.ts). */
export interface UsageCountersTable {
  subject: string;
  window_start_ms: number;
  count: number;
}

/** A file an operator checked, and sent when confirmed (lib/uploads/). */
export interface UploadsTable {
  id: Generated<number>;
  status: 'checked' | 'started' | 'refused';
  action_type: string;
  label: string | null;
  file_name: string;
  file_bytes: Uint8Array;
  byte_size: number;
  file_sha256: string;
  file_md5: string;
  row_count: number;
  preview: string;
  created_by: string;
  created_at: string;
  idempotency_key: string | null;
  bulk_key: string | null;
  started_at: string | null;
  refusal: string | null;
  parent_bulk_key: string | null;
  relation: string | null;
  part_index: number | null;
  part_count: number | null;
  overlap_confirmation: string | null;
}

export interface UploadRowFingerprintsTable {
  fingerprint: number;
  upload_id: number;
  row_number: number;
}

export interface AutoStopRulesTable {
  bulk_key: string;
  after_processed: number | null;
  failed_percent_above: number | null;
  failed_above: number | null;
  source: string;
  set_by_email: string;
  set_by_name: string | null;
  set_at: string;
  fired_at: string | null;
  fired_summary: string | null;
  fire_outcome: string | null;
}

/** One webhook's delivery of one event about one mass action: the outbox (lib/notifications/). */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  delivery_id: string;
  webhook_id: string;
  event_kind: string;
  bulk_key: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_http_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export interface DatabaseSchema {
  mass_actions: MassActionsTable;
  audit_events: AuditEventsTable;
  sign_in_failures: SignInFailuresTable;
  console_sessions: ConsoleSessionsTable;
  sign_in_tallies: SignInTalliesTable;
  result_imports: ResultImportsTable;
  result_row_blocks: ResultRowBlocksTable;
  result_error_groups: ResultErrorGroupsTable;
  result_raw_chunks: ResultRawChunksTable;
  leases: LeasesTable;
  usage_counters: UsageCountersTable;
  uploads: UploadsTable;
  upload_row_fingerprints: UploadRowFingerprintsTable;
  auto_stop_rules: AutoStopRulesTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
