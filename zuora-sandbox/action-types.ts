// The six mass actions POST /v1/bulk accepts (params.actionType).
export const ACTION_TYPES = [
  'UpdateAccountingCode',
  'CreateRevenueSchedule',
  'UpdateRevenueSchedule',
  'DeleteRevenueSchedule',
  'ImportFXRate',
  'MPU',
] as const;

export type ActionType = (typeof ACTION_TYPES)[number];

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}
