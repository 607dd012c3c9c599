
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
}

export interface DatabaseSchema {
  mass_actions: MassActionsTable;
}
