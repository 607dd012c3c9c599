import { describe, expect, it } from 'vitest';
import { describeProgress } from './progress-words';

describe('describeProgress', () => {
  it('counts the rows not yet processed as remaining while the mass action can still run them', () => {
    for (const status of ['Pending', 'Processing', 'Stopping', null] as const) {
      expect(describeProgress({ total: 20_000, succeeded: 400, failed: 22 }, status)).toEqual({ summary: '400 succeeded, 22 failed, 19,578 remaining of 20,000', advice: null });
    }
  });

  it('says the rows of a Stopped mass action were never processed, not that they remain', () => {
    const words = describeProgress({ total: 20_000, succeeded: 400, failed: 22 }, 'Stopped');
    expect(words).toEqual({ summary: '400 succeeded, 22 failed, 19,578 never processed (stopped) of 20,000', advice: null });
  });

  it('says what Zuora says of a Failed mass action, and what to do', () => {
    const words = describeProgress({ total: 25, succeeded: 0, failed: 0 }, 'Failed');
    expect(words?.summary).toBe('0 succeeded, 0 failed, 25 never processed (failed) of 25');
    expect(words?.summary).not.toContain('remaining');
    expect(words?.advice).toMatch(/^Zuora reports this mass action as Failed and gives no reason through its API; the rows left will not run\./);
    expect(words?.advice).toContain('upload it again as a new mass action');
    expect(words?.advice).not.toContain('already processed');
    expect(describeProgress({ total: 25, succeeded: 3, failed: 1 }, 'Failed')?.advice).toContain('The rows already processed stay processed.');
  });

  it('leaves nothing remaining for a Completed mass action', () => {
    expect(describeProgress({ total: 100, succeeded: 90, failed: 10 }, 'Completed')?.summary).toBe('90 succeeded, 10 failed of 100');
  });

  it('has no words without counts', () => {
    expect(describeProgress({ total: null, succeeded: null, failed: null }, 'Pending')).toBeNull();
    expect(describeProgress({ total: 0, succeeded: 0, failed: 0 }, 'Completed')).toBeNull();
  });
});
