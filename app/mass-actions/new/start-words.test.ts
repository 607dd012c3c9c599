import { describe, expect, it } from 'vitest';
import type { Overlap } from '@/lib/mass-actions/shared/start-types';
import { describeOverlap, describeStartQuestion, describeWhatStartNeeds, normalizeTypedCount } from './start-words';

const overlap = (rows: number, status: Overlap['status']): Overlap => ({ bulkKey: 'a'.repeat(32), label: 'codes.csv', status, startedAt: '2026-12-01T10:00:00.000Z', rows });

describe('describeStartQuestion', () => {
  it('names the rows, the action type and the environment', () => {
    expect(describeStartQuestion(1204, 'Update accounting codes', 'production')).toBe('Start 1,204 rows of Update accounting codes in production?');
    expect(describeStartQuestion(1, 'Import FX rates', 'sandbox')).toBe('Start 1 row of Import FX rates in the sandbox?');
  });
});

describe('describeOverlap', () => {
  it('says how many rows and where they stand, with numbers grouped', () => {
    expect(describeOverlap('succeeded', overlap(1204, 'Completed'))).toEqual({ before: '1,204 of these rows already succeeded in', after: '' });
    expect(describeOverlap('running', overlap(300, 'Processing'))).toEqual({ before: '300 of these rows are in', after: ', still Processing' });
    expect(describeOverlap('running', overlap(1, null))).toEqual({ before: '1 of these rows is in', after: ', still Pending' });
    expect(describeOverlap('unknown', overlap(2, 'Stopped')).after).toBe(', Stopped: whether they succeeded is not known yet (its result file is not imported)');
  });
});

describe('normalizeTypedCount', () => {
  it('takes the row count however it is grouped', () => {
    expect(['1204', '1,204', ' 1 204 ', '1.204', '1’204'].map(normalizeTypedCount)).toEqual(['1204', '1204', '1204', '1204', '1204']);
    expect(normalizeTypedCount('12O4')).toBe('12O4');
  });
});

describe('describeWhatStartNeeds', () => {
  const none = { isReasonNeeded: false, isOverrideNeeded: false, typedConfirmation: null };
  it('is null when nothing is missing', () => {
    expect(describeWhatStartNeeds(none, { reason: '', isOverridden: false, typed: '' })).toBeNull();
    expect(describeWhatStartNeeds({ isReasonNeeded: true, isOverrideNeeded: true, typedConfirmation: '1204' }, { reason: 'resend', isOverridden: true, typed: '1,204' })).toBeNull();
  });

  it('lists what is missing, a blank reason counting as none', () => {
    expect(describeWhatStartNeeds({ ...none, isReasonNeeded: true }, { reason: '  ', isOverridden: false, typed: '' })).toBe('Still needed: a reason for sending these rows again.');
    expect(describeWhatStartNeeds({ isReasonNeeded: true, isOverrideNeeded: true, typedConfirmation: '12' }, { reason: '', isOverridden: false, typed: '13' })).toBe(
      'Still needed: a reason for sending these rows again, the admin override ticked and the number of rows, 12, typed.',
    );
  });
});
