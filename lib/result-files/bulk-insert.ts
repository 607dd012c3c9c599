import 'server-only';
import type SQLite from 'better-sqlite3';

// The import's one dialect-specific file. Kysely compiling and binding 500,000 rows cost more than
// storing them, so each batch is one synchronous better-sqlite3 transaction of statements prepared
// once per import. On PostgreSQL the same job is done by COPY result_rows FROM STDIN (pg-copy-streams)
// inside a transaction that also inserts the search block and updates the progress.

const ROW_COLUMNS = '(import_id, row_number, outcome, outcome_seq, error_message, cells)';
const ROW_VALUES = '(?, ?, ?, ?, ?, ?)';
/** Values of one row, in the order of ROW_COLUMNS. */
export const VALUES_PER_ROW = 6;
// Measured on 500,000 rows: one statement per 100 rows stores them ~30% faster than one per row.
const ROWS_PER_STATEMENT = 100;

export interface Batch {
  /** Rows one after the other, VALUES_PER_ROW values each. */
  values: unknown[];
  block: { import_id: number; first_row: number; outcomes: string; text: string } | null;
  progress: { import_id: number; owner: string; rows_imported: number; succeeded_count: number; failed_count: number; not_processed_count: number; bytes_downloaded: number; heartbeat_at: string };
}

/** Runs `work` when no other transaction holds the connection (Kysely's on a shared one). */
export type Exclusive = <T>(work: () => T) => Promise<T>;

export class BatchWriter {
  private readonly many: SQLite.Statement;
  private readonly one: SQLite.Statement;
  private readonly block: SQLite.Statement;
  private readonly progress: SQLite.Statement;
  private readonly header: SQLite.Statement;
  private readonly store: (batch: Batch) => boolean;
  private readonly errorGroups: SQLite.Statement;
  private readonly storeGroups: (progress: Batch['progress'], groups: unknown[]) => boolean;

  constructor(
    sqlite: SQLite.Database,
    private readonly exclusive: Exclusive,
  ) {
    this.many = sqlite.prepare(`insert into result_rows ${ROW_COLUMNS} values ${Array(ROWS_PER_STATEMENT).fill(ROW_VALUES).join(', ')}`);
    this.one = sqlite.prepare(`insert into result_rows ${ROW_COLUMNS} values ${ROW_VALUES}`);
    this.block = sqlite.prepare('insert into result_search_blocks (import_id, first_row, outcomes, text) values (@import_id, @first_row, @outcomes, @text)');
    this.progress = sqlite.prepare(
      `update result_imports set rows_imported = @rows_imported, succeeded_count = @succeeded_count, failed_count = @failed_count, not_processed_count = @not_processed_count,
       bytes_downloaded = @bytes_downloaded, heartbeat_at = @heartbeat_at where id = @import_id and owner = @owner and status = 'importing'`,
    );
    this.header = sqlite.prepare('update result_imports set columns = @columns, csv_name = @csv_name, has_bom = @has_bom, line_ending = @line_ending where id = @import_id and owner = @owner');
    this.store = sqlite.transaction((batch: Batch) => {
      if (this.progress.run(batch.progress).changes === 0) return false;
      this.insertRows(batch.values);
      if (batch.block) this.block.run(batch.block);
      return true;
    });
    this.errorGroups = sqlite.prepare(
      `select @import_id as import_id, coalesce(error_message, '') as message, count(*) as row_count, min(row_number) as first_row
       from result_rows where import_id = @import_id and outcome = @outcome group by coalesce(error_message, '')`,
    );
    const group = sqlite.prepare('insert into result_error_groups (import_id, message, row_count, first_row) values (@import_id, @message, @row_count, @first_row)');
    this.storeGroups = sqlite.transaction((progress: Batch['progress'], groups: unknown[]) => {
      if (this.progress.run(progress).changes === 0) return false;
      for (const row of groups) group.run(row);
      return true;
    });
  }

  async writeHeader(header: { import_id: number; owner: string; columns: string; csv_name: string | null; has_bom: number; line_ending: string }): Promise<void> {
    await this.exclusive(() => this.header.run(header));
  }

  /** Stores a batch in one transaction; false, storing nothing, when the import is no longer the owner's (see recordProgress). */
  commit(batch: Batch): Promise<boolean> {
    return this.exclusive(() => this.store(batch));
  }

  /**
   * Once every row is stored: the failures grouped by message, counted for the page once and for all.
   * Counted by a read (~250 ms on 500,000 rows) and then written, so no transaction holds the write lock that long.
   */
  async countErrorGroups(progress: Batch['progress'], failedCode: number): Promise<boolean> {
    const groups = await this.exclusive(() => this.errorGroups.all({ import_id: progress.import_id, outcome: failedCode }));
    return this.exclusive(() => this.storeGroups(progress, groups));
  }

  private insertRows(values: unknown[]): void {
    const perStatement = ROWS_PER_STATEMENT * VALUES_PER_ROW;
    let at = 0;
    for (; at + perStatement <= values.length; at += perStatement) this.many.run(values.slice(at, at + perStatement));
    for (; at < values.length; at += VALUES_PER_ROW) this.one.run(values.slice(at, at + VALUES_PER_ROW));
  }
}
