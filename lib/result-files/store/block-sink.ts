import 'server-only';

// What the row writer hands the store, whichever database or thread stores it: the database-specific
// stores (sqlite-block-store.ts, postgres-block-store.ts) and the port to the store thread
// (block-sink-port.ts) all take it.

export interface BlockCommit {
  block: { import_id: number; first_row: number; row_count: number; outcomes: Uint8Array; encoding: number; cells: string } | null;
  /** The import's last commit: its error groups are written with it. */
  isLast: boolean;
  progress: { import_id: number; owner: string; rows_imported: number; succeeded_count: number; failed_count: number; not_processed_count: number; bytes_downloaded: number; heartbeat_at: string };
}

export interface ResultHeader {
  import_id: number;
  owner: string;
  columns: string;
  csv_name: string | null;
  has_bom: number;
  line_ending: string;
}

/** Where the row writer hands its blocks: the store, or the store thread (block-sink-port.ts). */
export interface BlockSink {
  writeHeader(header: ResultHeader): Promise<void>;
  /** False once the import is no longer the owner's (see recordProgress): it stores nothing more. */
  commit(commit: BlockCommit): Promise<boolean>;
  /** Once everything handed over is stored: false as commit. */
  drain(): Promise<boolean>;
}
