// Browser-safe: what the job page's result section receives.
import type { CountCheck, OutcomeCounts, ResultFileStatus, RowLocation, RowsPage } from './types';

export interface ResultView {
  /** `waiting`: not finished yet; `none`: Zuora produced no file; `file`: see `status`. */
  availability: 'waiting' | 'none' | 'file';
  message: string | null;
  status: ResultFileStatus | null;
  /** Counts under the current search (all outcomes), for the chips. */
  counts: (OutcomeCounts & { isPartial: boolean }) | null;
  /** The file's counts against Zuora's, once the import is complete. */
  check: CountCheck | null;
  rows: RowsPage | null;
  /** Where the requested row is under this view; null when hidden by the filter or search. */
  location: RowLocation | null;
}
