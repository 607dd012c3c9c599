import { describe, expect, it } from 'vitest';
import { ACTION_TYPES as ZUORA_ACTION_TYPES } from '../../zuora/mass-actions';
import { ACTION_TYPES, actionTypeSpec, isActionType, isInformationalColumn, isResponseColumn } from './action-types';

describe('the six action types', () => {
  it('are the ones the Zuora client sends, in the same order', () => {
    expect(ACTION_TYPES).toEqual(ZUORA_ACTION_TYPES);
  });

  it('each has a label of its own and the ✱ columns of upload-files.md', () => {
    const required = Object.fromEntries(ACTION_TYPES.map((type) => [type, [actionTypeSpec(type).required, actionTypeSpec(type).requiredOneOf]]));
    expect(required).toEqual({
      UpdateAccountingCode: [['Object Key', 'Object Type'], []],
      CreateRevenueSchedule: [[], [['Subscription Charge Key', 'Linked Transaction Key']]],
      UpdateRevenueSchedule: [['Revenue Schedule Number'], []],
      DeleteRevenueSchedule: [['Revenue Schedule Number'], []],
      ImportFXRate: [['Provider Exchange Rate Date', 'Currency (From)', 'Currency (To)', 'Exchange Rate'], []],
      MPU: [['Payment Amount', 'Currency', 'Payment Date', 'Payment Method ID'], []],
    });
    expect(new Set(ACTION_TYPES.map((type) => actionTypeSpec(type).label)).size).toBe(6);
  });

  it('know Group ID for every type but MPU, and no column both required and optional', () => {
    for (const type of ACTION_TYPES) {
      const spec = actionTypeSpec(type);
      expect(spec.known.includes('Group ID'), type).toBe(type !== 'MPU');
      const required = [...spec.required, ...spec.requiredOneOf.flat()];
      expect(spec.known.filter((name) => required.includes(name)), type).toEqual([]);
    }
  });

  it('name the columns each response file adds', () => {
    expect(actionTypeSpec('UpdateAccountingCode').responseColumns).toEqual(['Success', 'Error Message']);
    expect(actionTypeSpec('CreateRevenueSchedule').responseColumns).toEqual(['Success', 'Error Message', 'Revenue Schedule Number']);
    expect(actionTypeSpec('MPU').responseColumns).toEqual(['Success', 'Error Message', 'Payment ID', 'Gateway Response Code', 'Gateway Response Message', 'Payment Status']);
  });

  it('take Revenue Schedule Number as Zuora\'s answer when creating schedules, and as input when updating them', () => {
    expect(isResponseColumn('Revenue Schedule Number', 'CreateRevenueSchedule')).toBe(true);
    expect(isResponseColumn('Revenue Schedule Number', 'UpdateRevenueSchedule')).toBe(false);
    expect(isResponseColumn(' Success ', 'ImportFXRate')).toBe(true);
    expect(isResponseColumn('Payment ID', 'UpdateAccountingCode')).toBe(false);
  });

  it('tell informational columns by their leading #, spaces before it allowed', () => {
    expect(['#Note', '# Reviewer', ' #Ticket', '#Error Message'].every(isInformationalColumn)).toBe(true);
    expect(['Note #1', 'Object Key', ''].some(isInformationalColumn)).toBe(false);
  });

  it('recognise an action type only as Zuora spells it', () => {
    expect(isActionType('MPU')).toBe(true);
    expect(isActionType('mpu')).toBe(false);
    expect(isActionType(undefined)).toBe(false);
  });
});
