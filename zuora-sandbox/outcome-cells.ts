import { createHash } from 'node:crypto';
import type { ActionType } from './action-types';
import type { RowFailure } from './failures';

// Columns the result file adds after the uploaded ones; the console finds them by name.
const EXTRA_COLUMNS: Record<ActionType, readonly string[]> = {
  UpdateAccountingCode: [],
  CreateRevenueSchedule: ['Revenue Schedule Number'],
  UpdateRevenueSchedule: [],
  DeleteRevenueSchedule: [],
  ImportFXRate: [],
  MPU: ['Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status'],
};

export function outcomeColumns(actionType: ActionType): string[] {
  return ['Success', 'Error Message', ...EXTRA_COLUMNS[actionType]];
}

/** What happened to one row: null when it was never processed (stopped first). */
export type RowResult = { succeeded: true } | { succeeded: false; failure: RowFailure } | null;

interface RowContext {
  actionType: ActionType;
  bulkKey: string;
  rowIndex: number;
  cell: (column: string) => string;
}

function paymentId(bulkKey: string, rowIndex: number): string {
  return createHash('md5').update(`${bulkKey}:${rowIndex}`).digest('hex');
}

function extraCells(context: RowContext, result: Exclude<RowResult, null>): string[] {
  const { actionType, bulkKey, rowIndex, cell } = context;
  if (actionType === 'CreateRevenueSchedule') {
    const base = Number.parseInt(bulkKey.slice(0, 4), 16) * 100_000;
    return [result.succeeded ? `RS-${String(base + rowIndex + 1).padStart(8, '0')}` : ''];
  }
  if (actionType === 'MPU') {
    // External payments (a blank Payment Type is External) never reach a gateway; a gateway decline
    // still creates a payment, in Error.
    const isExternal = ['', 'external'].includes(cell('Payment Type').toLowerCase());
    if (result.succeeded) {
      return isExternal ? [paymentId(bulkKey, rowIndex), '', '', 'Processed'] : [paymentId(bulkKey, rowIndex), '1000', 'Approved', 'Processed'];
    }
    const gateway = result.failure.gateway;
    return gateway ? [paymentId(bulkKey, rowIndex), gateway.code, gateway.message, 'Error'] : ['', '', '', ''];
  }
  return [];
}

export function outcomeCells(context: RowContext, result: RowResult): string[] {
  if (result === null) return outcomeColumns(context.actionType).map(() => '');
  const leading = result.succeeded ? ['Y', ''] : ['N', result.failure.message];
  return [...leading, ...extraCells(context, result)];
}
