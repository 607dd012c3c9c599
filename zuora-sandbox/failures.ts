import type { ActionType } from './action-types';
import type { UploadBehaviour } from './behaviour';
import type { UploadedTable } from './uploaded-table';
import { blankRequiredValue, columnFinder, type HeaderMatch } from './upload-rules';

export const ROW_SUCCEEDED = 0;
export const ROW_FAILED = 1;
export const ROW_FAILED_BY_GROUP = 2;
export const ROW_FAILED_BLANK_REQUIRED = 3;

/** Which rows fail, planned once at upload so live counts and the result file always agree. */
export interface RowOutcomes {
  kinds: Uint8Array;
  /** errorsBefore[n] = failed rows among the first n rows */
  errorsBefore: Uint32Array;
}

export const GROUP_FAILED_MESSAGE = 'A previous row with the same Group ID failed';

/** A row's cell by Zuora's column label, trimmed; '' when the file has no such column. */
export type Cell = (label: string) => string;

export function cellReader(table: UploadedTable, headerMatch: HeaderMatch): (row: string[]) => Cell {
  const find = columnFinder(table.header, headerMatch);
  return (row) => (label) => {
    const index = find(label);
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
}

/**
 * A row with a blank required value fails; so does every failEvery-th row. Zuora documents Group ID
 * for every type but MPU: once a row of a group fails, later rows of that group fail too.
 */
export function planOutcomes(table: UploadedTable, actionType: ActionType, behaviour: Pick<UploadBehaviour, 'failEvery' | 'headerMatch'>): RowOutcomes {
  const cellsOf = cellReader(table, behaviour.headerMatch);
  const failedGroups = new Set<string>();
  const kinds = new Uint8Array(table.rows.length);
  const errorsBefore = new Uint32Array(table.rows.length + 1);
  const { failEvery } = behaviour;
  table.rows.forEach((row, index) => {
    const cell = cellsOf(row);
    const group = cell('Group ID');
    if (group !== '' && failedGroups.has(group)) kinds[index] = ROW_FAILED_BY_GROUP;
    else if (blankRequiredValue(actionType, cell) !== null) kinds[index] = ROW_FAILED_BLANK_REQUIRED;
    else if (failEvery > 0 && (index + 1) % failEvery === 0) kinds[index] = ROW_FAILED;
    if (group !== '' && kinds[index] !== ROW_SUCCEEDED) failedGroups.add(group);
    errorsBefore[index + 1] = (errorsBefore[index] ?? 0) + (kinds[index] === ROW_SUCCEEDED ? 0 : 1);
  });
  return { kinds, errorsBefore };
}

export interface RowFailure {
  message: string;
  gateway?: { code: string; message: string };
}

type FailureVariant = (cell: Cell, rowIndex: number) => RowFailure;

const padded = (rowIndex: number) => String(1234 + rowIndex).padStart(8, '0');

// `Payment Invoice` is `INV1:amount|INV2:amount`.
const firstInvoice = (paymentInvoice: string) => paymentInvoice.split('|')[0]?.split(':')[0]?.trim() ?? '';

// Messages in the words Zuora's response files use, filled with the row's own values.
const VARIANTS: Record<ActionType, FailureVariant[]> = {
  UpdateAccountingCode: [
    (cell) => ({ message: `Invalid accounting code: ${cell('Deferred Revenue Accounting Code') || 'ACC-9999'} does not exist` }),
    (cell) => ({ message: `The accounting code ${cell('Recognized Revenue Accounting Code') || 'ACC-9998'} is not active in the chart of accounts` }),
    (cell, i) => ({ message: `${cell('Object Type') || 'Invoice Item'} ${cell('Object Key') || padded(i)} is in a closed accounting period` }),
    (cell, i) => ({ message: `${cell('Object Type') || 'Invoice Item'} ${cell('Object Key') || padded(i)} not found` }),
  ],
  CreateRevenueSchedule: [
    (cell, i) => ({ message: `Charge ${cell('Subscription Charge Key') || cell('Linked Transaction Key') || `C-${padded(i)}`} not found` }),
    (cell) => ({ message: `The recognition start date ${cell('Recognition Start Date') || '2026-01-01'} is in a closed accounting period` }),
    () => ({ message: 'The revenue schedule amount must not be zero' }),
  ],
  UpdateRevenueSchedule: [
    (cell, i) => ({ message: `Revenue schedule ${cell('Revenue Schedule Number') || `RS-${padded(i)}`} not found` }),
    (cell, i) => ({ message: `Revenue schedule ${cell('Revenue Schedule Number') || `RS-${padded(i)}`} has revenue distributed in a closed accounting period` }),
  ],
  DeleteRevenueSchedule: [
    (cell, i) => ({ message: `Revenue schedule ${cell('Revenue Schedule Number') || `RS-${padded(i)}`} not found` }),
    (cell, i) => ({ message: `Revenue schedule ${cell('Revenue Schedule Number') || `RS-${padded(i)}`} cannot be deleted because it is included in a summary journal entry` }),
  ],
  ImportFXRate: [
    (cell) => ({ message: `Invalid currency code: ${cell('Currency (To)') || 'XXX'} is not an active currency` }),
    (cell) => ({ message: `An exchange rate from ${cell('Currency (From)') || 'USD'} to ${cell('Currency (To)') || 'EUR'} on ${cell('Provider Exchange Rate Date') || '2026-11-01'} already exists` }),
    (cell) => ({ message: `Invalid exchange rate ${cell('Exchange Rate') || '0'}: the rate must be a positive number` }),
  ],
  MPU: [
    () => ({ message: 'Transaction declined by the payment gateway: Insufficient Funds', gateway: { code: '2001', message: 'Insufficient Funds' } }),
    () => ({ message: 'Transaction declined by the payment gateway: Expired Card', gateway: { code: '2004', message: 'Expired Card' } }),
    (cell, i) => ({ message: `Account ${cell('Billing Account ID') || `A${padded(i)}`} not found` }),
    (cell) => ({ message: `The payment amount ${cell('Payment Amount') || '0.00'} exceeds the balance of invoice ${firstInvoice(cell('Payment Invoice')) || 'INV00000000'}` }),
  ],
};

export function describeFailure(actionType: ActionType, kind: number, cell: Cell, rowIndex: number): RowFailure {
  if (kind === ROW_FAILED_BY_GROUP) return { message: GROUP_FAILED_MESSAGE };
  if (kind === ROW_FAILED_BLANK_REQUIRED) return { message: blankRequiredValue(actionType, cell) ?? 'A required value is blank' };
  const variants = VARIANTS[actionType];
  // A multiplicative hash, so failEvery being a multiple of the variant count still mixes messages.
  const pick = variants[(Math.imul(rowIndex + 1, 2654435761) >>> 0) % variants.length];
  return pick ? pick(cell, rowIndex) : { message: 'The record could not be processed' };
}
