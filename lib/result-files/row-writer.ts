import 'server-only';
import { formatCount } from '../format';
import type { BatchWriter } from './bulk-insert';
import { readOutcome, type OutcomeLayout } from './columns';
import { ResultFileError } from './errors';
import { interrupted } from './import-records';
import { encodeRow, joinSearchTexts, OUTCOME_CODES } from './stored-row';

// Rows are committed in batches: each batch is one transaction holding its rows, their search block
// and the new progress, so a reader sees whole batches and counts that match them (the partial view).
// 2,000 rows keep each commit short (~10 ms), so a console process writing meanwhile waits little.
const ROWS_PER_BATCH = 2000;

export class RowWriter {
  readonly counts = { succeeded: 0, failed: 0, not_processed: 0 };
  private rowCount = 0;
  private values: unknown[] = [];
  private batchRows = 0;
  private outcomes = '';
  private searchTexts: string[] = [];

  constructor(
    private readonly batches: BatchWriter,
    private readonly importId: number,
    private readonly owner: string,
    private readonly layout: OutcomeLayout,
  ) {}

  get rowsWritten(): number {
    return this.rowCount;
  }

  get isBatchFull(): boolean {
    return this.batchRows >= ROWS_PER_BATCH;
  }

  add(cells: string[]): void {
    const rowNumber = this.rowCount + 1;
    if (cells.length !== this.layout.columnCount) throw raggedRow(rowNumber, cells, this.layout.columnCount);
    const outcome = readOutcome(cells[this.layout.successIndex] ?? '', rowNumber);
    const seq = ++this.counts[outcome];
    const errorMessage = outcome === 'failed' && this.layout.errorIndex !== null ? (cells[this.layout.errorIndex] ?? null) : null;
    const stored = encodeRow(cells);
    this.values.push(this.importId, rowNumber, OUTCOME_CODES[outcome], seq, errorMessage, stored.cells);
    this.batchRows += 1;
    this.outcomes += String(OUTCOME_CODES[outcome]);
    this.searchTexts.push(stored.searchText);
    this.rowCount = rowNumber;
  }

  /** The last batch, then the error groups: what result_error_groups holds once the import is ready. */
  async finish(progress: { bytesDownloaded: number; at: string }): Promise<void> {
    await this.flush(progress);
    if (!(await this.batches.countErrorGroups(this.progressOf(progress), OUTCOME_CODES.failed))) throw interrupted();
  }

  async flush(progress: { bytesDownloaded: number; at: string }): Promise<void> {
    const values = this.values;
    const rowCount = this.batchRows;
    const block = rowCount > 0 ? { import_id: this.importId, first_row: this.rowCount - rowCount + 1, outcomes: this.outcomes, text: joinSearchTexts(this.searchTexts) } : null;
    this.values = [];
    this.batchRows = 0;
    this.outcomes = '';
    this.searchTexts = [];
    if (!(await this.batches.commit({ values, block, progress: this.progressOf(progress) }))) throw interrupted();
  }

  private progressOf(progress: { bytesDownloaded: number; at: string }) {
    const { importId: import_id, owner, rowCount: rows_imported, counts } = this;
    return { import_id, owner, rows_imported, succeeded_count: counts.succeeded, failed_count: counts.failed, not_processed_count: counts.not_processed, bytes_downloaded: progress.bytesDownloaded, heartbeat_at: progress.at };
  }
}

function raggedRow(rowNumber: number, cells: string[], columnCount: number): ResultFileError {
  const isBlankLine = cells.length === 1 && cells[0] === '';
  const what = isBlankLine ? 'is an empty line' : `has ${formatCount(cells.length)} cells`;
  return new ResultFileError('ragged_row', `Row ${formatCount(rowNumber)} ${what}, but the header has ${formatCount(columnCount)} columns.`);
}
