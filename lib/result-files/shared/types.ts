// Browser-safe: what the result-file page receives from the server. Import with `import type`.

export const RESULT_OUTCOMES = ['succeeded', 'failed', 'not_processed'] as const;
/** Success = Y, N, or blank (Zuora never reached the row: the action was stopped first). */
export type ResultOutcome = (typeof RESULT_OUTCOMES)[number];
export type OutcomeFilter = 'all' | ResultOutcome;

/** `outcome-asc` lists failed, then not processed, then succeeded rows; `outcome-desc` the reverse; rows ascending within each. */
export const ROW_SORTS = ['row-asc', 'row-desc', 'outcome-asc', 'outcome-desc'] as const;
export type RowSort = (typeof ROW_SORTS)[number];

/** `input`: a column of the uploaded file; `informational`: a `#` column Zuora ignores; `outcome`: added by Zuora. */
export type ResultColumnKind = 'input' | 'informational' | 'outcome';

export interface ResultColumn {
  index: number;
  name: string;
  kind: ResultColumnKind;
}

export interface ResultRow {
  /** 1 for the first row after the header, as in the uploaded file. */
  rowNumber: number;
  outcome: ResultOutcome;
  /** Every cell of the row, in the order of the columns. */
  cells: string[];
}

export interface OutcomeCounts {
  succeeded: number;
  failed: number;
  notProcessed: number;
  all: number;
}

/** One exact message of an error group, with the failed rows that have it. */
export interface ErrorGroupMessage {
  message: string;
  count: number;
  firstRowNumber: number;
}

/** Failures whose messages share one template (message-template.ts): the same failure, for different records. */
export interface ErrorGroup {
  /** The messages with their ids, numbers, quoted values, dates and codes as placeholders: "Invoice Item {id} not found". */
  template: string;
  /** Failed rows in the group. */
  count: number;
  /** The group's first failed row, and its message: an example. */
  firstRowNumber: number;
  example: string;
  /** How many different exact messages the group holds. */
  messageCount: number;
  /** The largest of them (at most 5: ERROR_GROUP_MESSAGES in read/error-groups.ts), largest first. */
  messages: ErrorGroupMessage[];
}

/** One page of the error groups, largest first. Counted once the whole file is read: a file still importing has none yet. */
export interface ErrorGroupList {
  groups: ErrorGroup[];
  totalGroups: number;
  /** Different exact messages among all the failures, and the failed rows. */
  totalMessages: number;
  failedRows: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  pageCount: number;
}

export interface RowsQuery {
  outcome: OutcomeFilter;
  /** Case-insensitive substring of any cell; empty for none. */
  search: string;
  /** Only the failed rows whose error message has this template (one error group, message-template.ts); empty for none. */
  template: string;
  sort: RowSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface RowsPage {
  rows: ResultRow[];
  /** Rows in the whole view (filter and search applied), not only this page. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** The file is still being imported: more rows may come. */
  isPartial: boolean;
}

/** Where a row lands under a view; null when the filter or search hides it. */
export interface RowLocation {
  page: number;
  indexInPage: number;
}

export type ResultFileErrorCode =
  | 'no_result_file'
  | 'foreign_host'
  | 'download_failed'
  | 'download_too_large'
  | 'not_zip'
  | 'empty_zip'
  | 'several_entries'
  | 'not_csv'
  | 'uncompressed_too_large'
  | 'truncated_zip'
  | 'corrupt_zip'
  | 'invalid_utf8'
  | 'invalid_csv'
  | 'empty_csv'
  | 'no_success_column'
  | 'ragged_row'
  | 'bad_success_value'
  | 'interrupted'
  | 'not_ready'
  | 'internal';

export interface ResultFileFailure {
  code: ResultFileErrorCode;
  message: string;
  /** A new attempt may succeed (a network failure); false when the file itself is at fault. */
  retryable: boolean;
}

interface ImportProgress {
  startedAt: string;
  /** Bytes of the zip received so far, and its size when Zuora announced it. */
  bytesDownloaded: number;
  downloadSize: number | null;
  rowsImported: number;
}

export type ResultFileStatus =
  | { state: 'not_imported' }
  | (ImportProgress & { state: 'importing'; columns: ResultColumn[] | null; counts: OutcomeCounts })
  | (ImportProgress & { state: 'ready'; finishedAt: string; columns: ResultColumn[]; counts: OutcomeCounts })
  | (ImportProgress & { state: 'failed'; finishedAt: string | null; failure: ResultFileFailure; hasRawFile: boolean });

export interface CountComparison {
  outcome: 'succeeded' | 'failed' | 'not_processed' | 'all';
  file: number;
  /** Null while Zuora has not given this count. */
  zuora: number | null;
  agrees: boolean;
}

export interface CountCheck {
  agrees: boolean;
  comparisons: CountComparison[];
  /** One sentence per disagreement, for the page. */
  problems: string[];
}
