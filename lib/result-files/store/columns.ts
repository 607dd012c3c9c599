import 'server-only';
import { formatCount } from '../../shared/format';
import { ResultFileError } from '../errors';
import type { ResultColumn, ResultOutcome } from '../shared/types';

// The outcome columns Zuora appends to the uploaded ones, found by name (README: never by position).
const ALWAYS_OUTCOME = ['Success', 'Error Message'];
const OUTCOME_BY_ACTION_TYPE: Record<string, readonly string[]> = {
  CreateRevenueSchedule: ['Revenue Schedule Number'],
  MPU: ['Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status'],
};

/**
 * Names each column's kind. `Revenue Schedule Number` is an input of UpdateRevenueSchedule but an
 * outcome of CreateRevenueSchedule, hence the action type; when a name repeats, the last one is
 * Zuora's, since Zuora appends its columns after the uploaded ones.
 */
export function classifyColumns(header: string[], actionType: string | null): ResultColumn[] {
  const outcomeNames = new Set([...ALWAYS_OUTCOME, ...(OUTCOME_BY_ACTION_TYPE[actionType ?? ''] ?? [])]);
  const lastIndexOf = new Map<string, number>();
  header.forEach((name, index) => lastIndexOf.set(name.trim(), index));
  return header.map((name, index) => {
    const trimmed = name.trim();
    if (outcomeNames.has(trimmed) && lastIndexOf.get(trimmed) === index) return { index, name, kind: 'outcome' };
    return { index, name, kind: trimmed.startsWith('#') ? 'informational' : 'input' };
  });
}

/** Where the cells the engine reads sit in each row. */
export interface OutcomeLayout {
  columnCount: number;
  successIndex: number;
  errorIndex: number | null;
  /** Input and `#` columns: what the user uploaded, in order. */
  uploadedIndexes: number[];
}

export function outcomeLayout(columns: ResultColumn[]): OutcomeLayout {
  const find = (name: string) => columns.find((c) => c.kind === 'outcome' && c.name.trim() === name)?.index ?? null;
  const successIndex = find('Success');
  if (successIndex === null) {
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    throw new ResultFileError('no_success_column', `The result file has no Success column, so the outcome of its rows cannot be known. Its columns are: ${names}.`);
  }
  return {
    columnCount: columns.length,
    successIndex,
    errorIndex: find('Error Message'),
    uploadedIndexes: columns.filter((c) => c.kind !== 'outcome').map((c) => c.index),
  };
}

export function readOutcome(success: string, rowNumber: number): ResultOutcome {
  const value = success.trim();
  if (value === 'Y' || value === 'y') return 'succeeded';
  if (value === 'N' || value === 'n') return 'failed';
  if (value === '') return 'not_processed';
  throw new ResultFileError('bad_success_value', `Row ${formatCount(rowNumber)} has "${value.slice(0, 40)}" in its Success column, where Zuora writes Y, N or nothing.`);
}
