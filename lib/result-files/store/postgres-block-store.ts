import 'server-only';
import type { BlockCommit, BlockSink, ResultHeader } from './block-sink';
import { outcomeLayout } from './columns';
import { FailureGroups } from './failure-groups';
import { cellsOfOutcome, OUTCOME_CODES } from './stored-block';
import { storedMessage } from './stored-text';
import type { PostgresSession, Query } from './postgres-sessions';
import type { ResultColumn } from '../shared/types';

// The blocks on PostgreSQL, the twin of sqlite-block-store.ts: each commit's progress UPDATE, guarded by
// owner and status as there, then its block, in one transaction. A round trip costs what SQLite's whole
// commit does, so the commits that queued up while one was stored go together in the next transaction:
// one progress UPDATE (the last commit's, which counts every block before it) and one INSERT of their
// blocks. A reader still sees whole blocks and counts that match them.

const PROGRESS = {
  name: 'result_progress',
  text: `update result_imports set rows_imported = $1, succeeded_count = $2, failed_count = $3, not_processed_count = $4, bytes_downloaded = $5, heartbeat_at = $6
         where id = $7 and owner = $8 and status = 'importing'`,
};
const HEADER = { name: 'result_header', text: 'update result_imports set columns = $1, csv_name = $2, has_bom = $3, line_ending = $4 where id = $5 and owner = $6' };
// One statement for any number of groups: a file can have one exact message per failed row.
const GROUPS = {
  name: 'result_error_groups',
  text: 'insert into result_error_groups (import_id, rank, message, row_count, first_row) select $1, * from unnest($2::int[], $3::text[], $4::int[], $5::int[])',
};
const GROUPS_PER_STATEMENT = 10_000;

// Blocks queued beyond this wait for the next transaction: ~0.6 MB of cells in one statement.
const MAX_BLOCKS_PER_TRANSACTION = 8;
const BLOCK_COLUMNS = 6;
const blockStatements = new Map<number, { name: string; text: string }>();

/** INSERT of `count` blocks, prepared once per count and connection. */
function blocksStatement(count: number): { name: string; text: string } {
  let statement = blockStatements.get(count);
  if (!statement) {
    const rows = Array.from({ length: count }, (_, r) => `(${Array.from({ length: BLOCK_COLUMNS }, (_, c) => `$${r * BLOCK_COLUMNS + c + 1}`).join(', ')})`);
    statement = { name: `result_blocks_${count}`, text: `insert into result_row_blocks (import_id, first_row, row_count, outcomes, encoding, cells) values ${rows.join(', ')}` };
    blockStatements.set(count, statement);
  }
  return statement;
}

interface Pending {
  commit: BlockCommit;
  resolve: (isOwner: boolean) => void;
  reject: (error: unknown) => void;
}

export class PostgresBlockStore implements BlockSink {
  private readonly failures = new FailureGroups();
  private errorIndex: number | null = null;
  private pending: Pending[] = [];
  private isOwner = true;
  // One statement at a time on the session: a transaction's statements must not interleave with the next one's.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly session: PostgresSession) {}

  async writeHeader(header: ResultHeader): Promise<void> {
    this.errorIndex = outcomeLayout(JSON.parse(header.columns) as ResultColumn[]).errorIndex;
    const { columns, csv_name, has_bom, line_ending, import_id, owner } = header;
    await this.serially(() => this.session.transaction((query) => query(HEADER, [columns, csv_name, has_bom, line_ending, import_id, owner])));
  }

  /**
   * Stores a block and the progress it makes in one transaction (with those queued behind the one
   * being stored). False, storing nothing, when the import is no longer the owner's (see recordProgress).
   */
  commit(commit: BlockCommit): Promise<boolean> {
    if (commit.block) cellsOfOutcome(commit.block, OUTCOME_CODES.failed, this.errorIndex, (message, rowNumber) => this.failures.add(message, rowNumber));
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ commit, resolve, reject });
      if (this.pending.length === 1) void this.serially(() => this.storePending());
    });
  }

  /** Once every commit handed over is stored: false as commit. */
  async drain(): Promise<boolean> {
    // A batch queues the next one when it starts: wait until nothing more was queued meanwhile.
    for (let tail = this.tail; ; tail = this.tail) {
      await tail;
      if (tail === this.tail && this.pending.length === 0) return this.isOwner;
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const done = this.tail.then(work);
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async storePending(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BLOCKS_PER_TRANSACTION);
    if (batch.length === 0) return;
    if (this.pending.length > 0) void this.serially(() => this.storePending());
    try {
      const isOwner = await this.session.transaction((query) => this.store(query, batch.map((p) => p.commit)));
      if (!isOwner) this.isOwner = false;
      for (const p of batch) p.resolve(isOwner);
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private async store(query: Query, commits: BlockCommit[]): Promise<boolean> {
    const last = commits[commits.length - 1];
    if (!last) return true;
    const p = last.progress;
    const updated = await query(PROGRESS, [p.rows_imported, p.succeeded_count, p.failed_count, p.not_processed_count, p.bytes_downloaded, p.heartbeat_at, p.import_id, p.owner]);
    if (updated === 0) return false;
    const blocks = commits.flatMap((c) => (c.block ? [c.block] : []));
    if (blocks.length > 0) await query(blocksStatement(blocks.length), blocks.flatMap((b) => [b.import_id, b.first_row, b.row_count, b.outcomes, b.encoding, b.cells]));
    if (last.isLast) await this.storeGroups(query, p.import_id);
    return true;
  }

  private async storeGroups(query: Query, importId: number): Promise<void> {
    const ranked = this.failures.ranked();
    for (let at = 0; at < ranked.length; at += GROUPS_PER_STATEMENT) {
      const part = ranked.slice(at, at + GROUPS_PER_STATEMENT);
      await query(GROUPS, [importId, part.map((_, i) => at + i + 1), part.map((g) => storedMessage(g.message)), part.map((g) => g.row_count), part.map((g) => g.first_row)]);
    }
  }
}
