import { describe, expect, it } from 'vitest';
import type { MassActionView } from '@/lib/mass-actions/shared/types';
import { describeStopConsequences } from './stop-consequences';

// Only what the consequences read; the rest of Zuora's view does not matter here.
const processing = {
  actionType: 'UpdateAccountingCode', status: 'Processing', totalCount: 20_000, processedCount: 422, successCount: 400, errorCount: 22,
  inputSize: 1000, outputSize: null, outputType: null, hasResultFile: false, uploadedBy: 'someone', uploadedOn: null, startedOn: null, endedOn: null,
} as MassActionView;

describe('describeStopConsequences', () => {
  it('splits the rows already processed into succeeded and failed, each number shown', () => {
    expect(describeStopConsequences(processing)).toEqual([
      '422 rows already processed will stay processed (400 succeeded, 22 failed); Zuora does not roll them back.',
      '19,578 rows will not be processed.',
      'A result file will be produced, listing which rows were processed.',
    ]);
  });

  it('says "1 row", never "1 rows"', () => {
    const lines = describeStopConsequences({ ...processing, totalCount: 2, processedCount: 1, successCount: 1, errorCount: 0 });
    expect(lines.slice(0, 2)).toEqual(['1 row already processed will stay processed (1 succeeded, 0 failed); Zuora does not roll them back.', '1 row will not be processed.']);
    expect(describeStopConsequences({ ...processing, status: 'Pending', totalCount: 1, processedCount: 0, successCount: 0, errorCount: 0 })).toContain('None of the uploaded rows (1) will be processed.');
  });

  it('promises nothing about rows once Zuora reports the mass action finished or stopping', () => {
    for (const status of ['Stopping', 'Stopped', 'Completed', 'Failed'] as const) {
      const lines = describeStopConsequences({ ...processing, status });
      expect(lines).toEqual([`Zuora already reports this mass action as ${status}: there is nothing left to stop.`]);
    }
  });
});
