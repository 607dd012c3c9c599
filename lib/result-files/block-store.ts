import 'server-only';
import type SQLite from 'better-sqlite3';
import { outcomeLayout } from './columns';
import { FailureGroups } from './failure-groups';
import { cellsOfOutcome, OUTCOME_CODES } from './stored-block';
import type { ResultColumn } from './types';

// The import's one dialect-specific file: each block is one synchronous better-sqlite3 transaction
// of statements prepared once per import (Kysely compiling and binding them cost more than storing).
// On PostgreSQL the same transactions work as they are.

export interface BlockCommit {
  block: { import_id: number; first_row: number; row_count: number; outcomes: Uint8Array; encoding: number; cells: string } | null;
  /** The import's last commit: its error groups are written with it. */
  isLast: boolean;
  progress: { import_id: number; owner: string; rows_imported: number; succeeded_count: number; failed_count: number; not_processed_count: number; bytes_downloaded: number; heartbeat_at: string };
}

/** Runs `work` when no other transaction holds the connection (Kysely's on a shared one). */
export type Exclusive = <T>(work: () => T) => Promise<T>;

export interface ResultHeader {
  import_id: number;
  owner: string;
  columns: string;
  csv_name: string | null;
  has_bom: number;
  line_ending: string;
}

/** Where the row writer hands its blocks: this store, or the store thread (block-sink-port.ts). */
export interface BlockSink {
  writeHeader(header: ResultHeader): Promise<void>;
  /** False once the import is no longer the owner's (see recordProgress): it stores nothing more. */
  commit(commit: BlockCommit): Promise<boolean>;
  /** Once everything handed over is stored: false as commit. */
  drain(): Promise<boolean>;
}

export class BlockStore implements BlockSink {
  private readonly header: SQLite.Statement;
  private readonly store: (commit: BlockCommit) => boolean;
  private readonly failures = new FailureGroups();
  private errorIndex: number | null = null;

  constructor(
    sqlite: SQLite.Database,
    private readonly exclusive: Exclusive,
  ) {
    const progress = sqlite.prepare(
      `update result_imports set rows_imported = @rows_imported, succeeded_count = @succeeded_count, failed_count = @failed_count, not_processed_count = @not_processed_count,
       bytes_downloaded = @bytes_downloaded, heartbeat_at = @heartbeat_at where id = @import_id and owner = @owner and status = 'importing'`,
    );
    const block = sqlite.prepare(
      'insert into result_row_blocks (import_id, first_row, row_count, outcomes, encoding, cells) values (@import_id, @first_row, @row_count, @outcomes, @encoding, @cells)',
    );
    const group = sqlite.prepare('insert into result_error_groups (import_id, rank, message, row_count, first_row) values (?, ?, ?, ?, ?)');
    this.header = sqlite.prepare('update result_imports set columns = @columns, csv_name = @csv_name, has_bom = @has_bom, line_ending = @line_ending where id = @import_id and owner = @owner');
    this.store = sqlite.transaction((commit: BlockCommit) => {
      if (progress.run(commit.progress).changes === 0) return false;
      if (commit.block) block.run(commit.block);
      if (commit.isLast) this.failures.ranked().forEach((g, i) => group.run(commit.progress.import_id, i + 1, g.message, g.row_count, g.first_row));
      return true;
    });
  }

  async writeHeader(header: ResultHeader): Promise<void> {
    this.errorIndex = outcomeLayout(JSON.parse(header.columns) as ResultColumn[]).errorIndex;
    await this.exclusive(() => this.header.run(header));
  }

  /**
   * Stores a block and the progress it makes in one transaction, so a reader sees whole blocks and
   * counts that match them (the partial view). False, storing nothing, when the import is no longer
   * the owner's (see recordProgress).
   */
  commit(commit: BlockCommit): Promise<boolean> {
    if (commit.block) cellsOfOutcome(commit.block, OUTCOME_CODES.failed, this.errorIndex, (message, rowNumber) => this.failures.add(message, rowNumber));
    return this.exclusive(() => this.store(commit));
  }

  /** Each commit is stored before it answers: nothing is ever pending. */
  async drain(): Promise<boolean> {
    return true;
  }
}
