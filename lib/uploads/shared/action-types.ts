// Browser-safe: the six mass action types an operator can start, and the columns of each one's upload
// file as /work/shared/zuora/upload-files.md knows them. Several of Zuora's column tables are partial,
// so only the ✱ columns are required; any other column is accepted (and named as unknown).

export const ACTION_TYPES = ['UpdateAccountingCode', 'CreateRevenueSchedule', 'UpdateRevenueSchedule', 'DeleteRevenueSchedule', 'ImportFXRate', 'MPU'] as const;

export type ActionType = (typeof ACTION_TYPES)[number];

export interface ActionTypeSpec {
  type: ActionType;
  /** What an operator reads in a picker. */
  label: string;
  /** The ✱ columns: a file without one of them is refused. */
  required: readonly string[];
  /** Groups of which the header must hold at least one column ("✱ unless … is given"); each row should fill one. */
  requiredOneOf: readonly (readonly string[])[];
  /** The other columns Zuora documents for the type. */
  known: readonly string[];
  /** Column families named by prefix, e.g. one `Revenue Schedule:<field>` column per custom field. */
  knownPrefixes: readonly string[];
  /** What Zuora's response file adds after the uploaded columns. */
  responseColumns: readonly string[];
}

/** Every response file has these two; `Success` is Y, N, or blank for a row never reached. */
export const RESPONSE_COLUMNS = ['Success', 'Error Message'] as const;

// Every type but MPU has one; a failed row fails the later rows of its group.
const GROUP_ID = 'Group ID';

const SPECS: Record<ActionType, ActionTypeSpec> = {
  UpdateAccountingCode: {
    type: 'UpdateAccountingCode',
    label: 'Update accounting codes',
    required: ['Object Key', 'Object Type'],
    requiredOneOf: [],
    known: [GROUP_ID, 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code', 'Unapplied Payment Accounting Code', 'On-Account Accounting Code'],
    knownPrefixes: [],
    responseColumns: [...RESPONSE_COLUMNS],
  },
  CreateRevenueSchedule: {
    type: 'CreateRevenueSchedule',
    label: 'Create revenue schedules',
    required: [],
    requiredOneOf: [['Subscription Charge Key', 'Linked Transaction Key']],
    known: [GROUP_ID, 'Linked Transaction Type'],
    knownPrefixes: [],
    responseColumns: [...RESPONSE_COLUMNS, 'Revenue Schedule Number'],
  },
  UpdateRevenueSchedule: {
    type: 'UpdateRevenueSchedule',
    label: 'Update revenue schedules',
    required: ['Revenue Schedule Number'],
    requiredOneOf: [],
    known: [GROUP_ID, 'Revenue Schedule Reference ID', 'Revenue Schedule Notes'],
    knownPrefixes: ['Revenue Schedule:'],
    responseColumns: [...RESPONSE_COLUMNS],
  },
  DeleteRevenueSchedule: {
    type: 'DeleteRevenueSchedule',
    label: 'Delete revenue schedules',
    required: ['Revenue Schedule Number'],
    requiredOneOf: [],
    known: [GROUP_ID],
    knownPrefixes: [],
    responseColumns: [...RESPONSE_COLUMNS],
  },
  ImportFXRate: {
    type: 'ImportFXRate',
    label: 'Import FX rates',
    required: ['Provider Exchange Rate Date', 'Currency (From)', 'Currency (To)', 'Exchange Rate'],
    requiredOneOf: [],
    known: [GROUP_ID, 'Rate Set Name'],
    knownPrefixes: [],
    responseColumns: [...RESPONSE_COLUMNS],
  },
  MPU: {
    type: 'MPU',
    label: 'Upload payments (MPU)',
    required: ['Payment Amount', 'Currency', 'Payment Date', 'Payment Method ID'],
    requiredOneOf: [],
    known: ['Billing Account ID', 'Payment Invoice', 'Payment Comment', 'Payment Type', 'Gateway ID', 'Reference ID'],
    knownPrefixes: [],
    responseColumns: [...RESPONSE_COLUMNS, 'Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status'],
  },
};

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}

export function actionTypeSpec(type: ActionType): ActionTypeSpec {
  return SPECS[type];
}

/** Zuora ignores these on upload: any number of them, anywhere. */
export function isInformationalColumn(name: string): boolean {
  return name.trimStart().startsWith('#');
}

/** A column Zuora writes into its response file for this type (so not one the uploader wrote). */
export function isResponseColumn(name: string, type: ActionType): boolean {
  return SPECS[type].responseColumns.includes(name.trim());
}
