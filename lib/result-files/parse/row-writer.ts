import 'server-only';
import { formatCount } from '../../shared/format';
import type { BlockSink } from '../store/block-sink';
import { readOutcome, type OutcomeLayout } from '../store/columns';
import { ResultFileError } from '../errors';
import { interrupted } from '../store/import-records';
import { encodeBlock, OUTCOME_CODES, pendingRow, type PendingRow } from '../store/stored-block';

// 1,000 rows a block: one commit every ~2 ms of parsing keeps the first rows quick to appear and each
// commit short, and a page of 50 rows reads one ~75 KB block. Readers find blocks by their first row
// (row-index.ts), so the size may change without touching stored files.
const BLOCK_ROWS = 1000;

export interface WriteProgress {
  bytesDownloaded: number;
  at: string;
}

/** Rows in, blocks committed, with the outcome counts that go with them. */
export class RowWriter {
  readonly counts = { succeeded: 0, failed: 0, not_processed: 0 };
  private rowCount = 0;
  private rows: PendingRow[] = [];
  private outcomes = new Uint8Array(BLOCK_ROWS);

  constructor(
    private readonly store: BlockSink,
    private readonly importId: number,
    private readonly owner: string,
    private readonly layout: OutcomeLayout,
    /** True once the file may hold a character a joined row cannot carry (Utf8Check). */
    private readonly mayHoldUnjoinable: () => boolean,
  ) {}

  get rowsWritten(): number {
    return this.rowCount;
  }

  get isBlockFull(): boolean {
    return this.rows.length >= BLOCK_ROWS;
  }

  add(cells: string[]): void {
    const rowNumber = this.rowCount + 1;
    if (cells.length !== this.layout.columnCount) throw raggedRow(rowNumber, cells, this.layout.columnCount);
    const outcome = readOutcome(cells[this.layout.successIndex] ?? '', rowNumber);
    this.counts[outcome] += 1;
    this.outcomes[this.rows.length] = OUTCOME_CODES[outcome];
    this.rows.push(pendingRow(cells, this.mayHoldUnjoinable()));
    this.rowCount = rowNumber;
  }

  /** Commits the rows so far. */
  async flush(progress: WriteProgress): Promise<void> {
    await this.commit(progress, false);
  }

  /** Commits the last rows, with which the store writes the error groups, and waits until all is stored. */
  async finish(progress: WriteProgress): Promise<void> {
    await this.commit(progress, true);
    if (!(await this.store.drain())) throw interrupted();
  }

  private async commit(progress: WriteProgress, isLast: boolean): Promise<void> {
    const rowCount = this.rows.length;
    const block = rowCount > 0 ? { import_id: this.importId, first_row: this.rowCount - rowCount + 1, row_count: rowCount, outcomes: this.outcomes.slice(0, rowCount), ...encodeBlock(this.rows) } : null;
    this.rows = [];
    if (!(await this.store.commit({ block, isLast, progress: this.progressOf(progress) }))) throw interrupted();
  }

  private progressOf(progress: WriteProgress) {
    const { importId: import_id, owner, rowCount: rows_imported, counts } = this;
    return { import_id, owner, rows_imported, succeeded_count: counts.succeeded, failed_count: counts.failed, not_processed_count: counts.not_processed, bytes_downloaded: progress.bytesDownloaded, heartbeat_at: progress.at };
  }
}

function raggedRow(rowNumber: number, cells: string[], columnCount: number): ResultFileError {
  const isBlankLine = cells.length === 1 && cells[0] === '';
  const what = isBlankLine ? 'is an empty line' : `has ${formatCount(cells.length)} cells`;
  return new ResultFileError('ragged_row', `Row ${formatCount(rowNumber)} ${what}, but the header has ${formatCount(columnCount)} columns.`);
}
