import 'server-only';
import type { Database } from '../db/database';
import { formatCount } from '../format';
import { insertMany } from './bulk-insert';
import { readOutcome, type OutcomeLayout } from './columns';
import { ResultFileError } from './errors';
import { recordProgress } from './import-records';
import { encodeRow, joinSearchTexts, OUTCOME_CODES } from './stored-row';

// Rows are committed in batches: each batch is one transaction holding its rows, their search block
// and the new progress, so a reader sees whole batches and counts that match them (the partial view).
const ROWS_PER_BATCH = 2000;
const ROW_COLUMNS = ['import_id', 'row_number', 'outcome', 'outcome_seq', 'error_message', 'cells'] as const;

export class RowWriter {
  readonly counts = { succeeded: 0, failed: 0, not_processed: 0 };
  private rowCount = 0;
  private values: unknown[] = [];
  private batchRows = 0;
  private outcomes = '';
  private searchTexts: string[] = [];

  constructor(
    private readonly db: Database,
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

  async flush(progress: { bytesDownloaded: number; at: string }): Promise<void> {
    const values = this.values;
    const rowCount = this.batchRows;
    const block = { import_id: this.importId, first_row: this.rowCount - rowCount + 1, outcomes: this.outcomes, text: joinSearchTexts(this.searchTexts) };
    this.values = [];
    this.batchRows = 0;
    this.outcomes = '';
    this.searchTexts = [];
    await this.db.transaction().execute(async (trx) => {
      if (rowCount > 0) {
        await insertMany(trx, 'result_rows', ROW_COLUMNS, values);
        await trx.insertInto('result_search_blocks').values(block).execute();
      }
      await recordProgress(trx, this.importId, this.owner, {
        rows_imported: this.rowCount,
        succeeded_count: this.counts.succeeded,
        failed_count: this.counts.failed,
        not_processed_count: this.counts.not_processed,
        bytes_downloaded: progress.bytesDownloaded,
        heartbeat_at: progress.at,
      });
    });
  }
}

function raggedRow(rowNumber: number, cells: string[], columnCount: number): ResultFileError {
  const isBlankLine = cells.length === 1 && cells[0] === '';
  const what = isBlankLine ? 'is an empty line' : `has ${formatCount(cells.length)} cells`;
  return new ResultFileError('ragged_row', `Row ${formatCount(rowNumber)} ${what}, but the header has ${formatCount(columnCount)} columns.`);
}
