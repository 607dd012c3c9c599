// Browser-safe: what checking an upload file answers, as the start page shows it.

/** Why a file is refused: each one stops the upload until the operator fixes it. */
export type RefusalCode =
  | 'empty_file'
  | 'too_large'
  | 'wrong_extension'
  | 'not_csv'
  | 'spreadsheet'
  | 'zip_empty'
  | 'zip_several_entries'
  | 'zip_entry_not_csv'
  | 'zip_corrupt'
  | 'zip_unzips_too_large'
  | 'utf16'
  | 'not_utf8'
  | 'cr_line_endings'
  | 'no_header'
  | 'missing_columns'
  | 'column_name_mismatch'
  | 'duplicate_columns'
  | 'no_rows'
  | 'blank_lines'
  | 'ragged_rows'
  | 'unclosed_quote'
  | 'bad_quote'
  | 'row_too_large';

/** What an accepted file may still hold that the operator should know before starting it. */
export type WarningCode = 'unknown_columns' | 'column_name_mismatch' | 'duplicate_columns' | 'unnamed_columns' | 'response_columns' | 'blank_required_cells';

export interface Problem {
  code: RefusalCode;
  /** In words an operator acts on: what is wrong, where, and how to fix it. */
  message: string;
}

export interface Warning {
  code: WarningCode;
  message: string;
}

/**
 * informational: starts with `#`, ignored by Zuora. required: a ✱ column (or one of a required-one-of
 * group). known: another column Zuora documents for the type. unknown: anything else, sent as it is.
 */
export type ColumnKind = 'informational' | 'required' | 'known' | 'unknown';

export interface PreviewColumn {
  /** Position in the header, from 0. */
  index: number;
  name: string;
  kind: ColumnKind;
  /** Why an unknown column deserves a look: it resembles a known one, or Zuora writes it in its response file. */
  note?: string;
}

export type UploadFormat = 'csv' | 'zip';

export interface UploadPreview {
  format: UploadFormat;
  /** The uploaded file's size, the one Zuora's 4 MB limit applies to. */
  byteSize: number;
  /** The CSV's own size (the same as byteSize unless zipped). */
  csvByteSize: number;
  /** The CSV's name inside the zip; null for a CSV uploaded as it is. */
  csvName: string | null;
  columns: PreviewColumn[];
  /** Data rows, the header not counted. */
  rowCount: number;
  /** The first rows (PREVIEW_ROWS at most), cells as parsed. */
  rows: string[][];
  /** Of the uploaded bytes, hex: the MD5 is what Zuora's `checksum` parameter takes. */
  md5: string;
  sha256: string;
  warnings: Warning[];
}

export const PREVIEW_ROWS = 20;
