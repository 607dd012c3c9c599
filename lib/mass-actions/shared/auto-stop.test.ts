import { describe, expect, it } from 'vitest';
import { autoStopInputSchema, describeFireOutcome, describeFiring, describeRule, describeSetter, describeWatching, formatFailedPercent, parseAutoStopInput, ruleMet, type AutoStopRule } from './auto-stop';

const rate: AutoStopRule = { afterProcessed: 500, failedPercentAbove: 20, failedAbove: null };
const failed: AutoStopRule = { afterProcessed: null, failedPercentAbove: null, failedAbove: 300 };
const both: AutoStopRule = { afterProcessed: 500, failedPercentAbove: 20, failedAbove: 300 };

describe('ruleMet', () => {
  it('waits for at least N processed rows: 499 are not enough, exactly 500 are', () => {
    expect(ruleMet(rate, { processedCount: 499, errorCount: 499 })).toBe(false);
    expect(ruleMet(rate, { processedCount: 500, errorCount: 101 })).toBe(true);
  });

  it('wants strictly more than X%: exactly 20% of 500 does not fire, one row more does', () => {
    expect(ruleMet(rate, { processedCount: 500, errorCount: 100 })).toBe(false);
    expect(ruleMet(rate, { processedCount: 500, errorCount: 101 })).toBe(true);
    expect(ruleMet(rate, { processedCount: 1000, errorCount: 200 })).toBe(false);
    // A third is 33.33…%: more than 33.33, not more than 33.34, with no rounding in between.
    expect(ruleMet({ ...rate, afterProcessed: 3, failedPercentAbove: 33.33 }, { processedCount: 3, errorCount: 1 })).toBe(true);
    expect(ruleMet({ ...rate, afterProcessed: 3, failedPercentAbove: 33.34 }, { processedCount: 3, errorCount: 1 })).toBe(false);
  });

  it('wants strictly more than M failed rows', () => {
    expect(ruleMet(failed, { processedCount: 5000, errorCount: 300 })).toBe(false);
    expect(ruleMet(failed, { processedCount: 5000, errorCount: 301 })).toBe(true);
  });

  it('fires on either condition of a rule with both', () => {
    expect(ruleMet(both, { processedCount: 400, errorCount: 301 })).toBe(true);
    expect(ruleMet(both, { processedCount: 600, errorCount: 121 })).toBe(true);
    expect(ruleMet(both, { processedCount: 600, errorCount: 120 })).toBe(false);
  });

  it('never fires on counts Zuora has not given (Pending), on nothing processed, or without a rule', () => {
    expect(ruleMet(both, { processedCount: null, errorCount: null })).toBe(false);
    expect(ruleMet(both, { processedCount: 900, errorCount: null })).toBe(false);
    expect(ruleMet({ ...failed, failedAbove: 1 }, { processedCount: 0, errorCount: 0 })).toBe(false);
    expect(ruleMet(null, { processedCount: 900, errorCount: 900 })).toBe(false);
    expect(ruleMet({ afterProcessed: null, failedPercentAbove: null, failedAbove: null }, { processedCount: 900, errorCount: 900 })).toBe(false);
  });
});

describe('parseAutoStopInput', () => {
  it('takes a rule, filling in what is left out as no condition, and { none: true } as no rule', () => {
    expect(parseAutoStopInput({ afterProcessed: 500, failedPercentAbove: 20 })).toEqual({ ok: true, rule: rate });
    expect(parseAutoStopInput({ failedAbove: 300, afterProcessed: null, failedPercentAbove: null })).toEqual({ ok: true, rule: failed });
    expect(parseAutoStopInput({ afterProcessed: 1, failedPercentAbove: 0.5, failedAbove: 1 })).toEqual({ ok: true, rule: { afterProcessed: 1, failedPercentAbove: 0.5, failedAbove: 1 } });
    expect(parseAutoStopInput({ none: true })).toEqual({ ok: true, rule: null });
  });

  it('names the field and the problem of each bad input', () => {
    const cases: [unknown, string | null, RegExp][] = [
      [{ afterProcessed: 0, failedPercentAbove: 20 }, 'afterProcessed', /at least 1/],
      [{ afterProcessed: 2.5, failedPercentAbove: 20 }, 'afterProcessed', /whole number/],
      [{ afterProcessed: '500', failedPercentAbove: 20 }, 'afterProcessed', /must be a number/],
      [{ afterProcessed: 500, failedPercentAbove: 0 }, 'failedPercentAbove', /more than 0/],
      [{ afterProcessed: 500, failedPercentAbove: 100 }, 'failedPercentAbove', /less than 100/],
      [{ afterProcessed: 500 }, 'failedPercentAbove', /give both or neither/],
      [{ failedPercentAbove: 20 }, 'afterProcessed', /give both or neither/],
      [{ failedAbove: -3 }, 'failedAbove', /at least 1/],
      [{}, null, /at least one condition/],
      [{ afterProcessed: null, failedPercentAbove: null, failedAbove: null }, null, /at least one condition/],
      [{ failedAbove: 3, extra: 1 }, null, /unknown field extra/],
      [{ none: false }, 'none', /must be true/],
      [{ none: true, failedAbove: 3 }, 'none', /not both/],
      ['500', null, /must be a rule/],
      [null, null, /must be a rule/],
      [[1, 2], null, /must be a rule/],
    ];
    for (const [input, field, message] of cases) {
      const parsed = parseAutoStopInput(input);
      expect(parsed.ok, JSON.stringify(input)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.field, JSON.stringify(input)).toBe(field);
        expect(parsed.message, JSON.stringify(input)).toMatch(message);
      }
    }
  });

  it('is also a zod schema whose issue carries the field as its path', () => {
    expect(autoStopInputSchema.parse({ none: true })).toBeNull();
    const result = autoStopInputSchema.safeParse({ afterProcessed: 0, failedPercentAbove: 20 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['afterProcessed'], message: 'the processed row count must be at least 1' });
  });
});

describe('the words', () => {
  it('say the rule', () => {
    expect(describeRule(both)).toBe('> 20% failed after 500 processed, or > 300 failed');
    expect(describeRule(rate)).toBe('> 20% failed after 500 processed');
    expect(describeRule({ ...failed, failedAbove: 12_000 })).toBe('> 12,000 failed');
    expect(describeRule({ ...rate, failedPercentAbove: 2.5 })).toBe('> 2.5% failed after 500 processed');
    expect(describeRule(null)).toBe('no rule');
  });

  it('sum up a firing with the figures, the rule and who set it', () => {
    expect(describeFiring(rate, { processedCount: 1000, errorCount: 312 }, describeSetter('operator', { email: 'olivia@example.com', name: 'Olivia Operator' }, 'MPU'))).toBe(
      'auto-stop: 312 of 1,000 processed rows failed (31%), rule > 20% after 500 set by Olivia Operator',
    );
    expect(describeFiring(failed, { processedCount: 2100, errorCount: 301 }, describeSetter('default', null, 'MPU'))).toBe('auto-stop: 301 of 2,100 processed rows failed (14%), rule > 300 failed, the default for MPU');
    expect(describeFiring(both, { processedCount: 600, errorCount: 301 }, describeSetter('operator', { email: 'olivia@example.com', name: null }, null))).toContain('rule > 20% after 500 or > 300 failed set by olivia@example.com');
  });

  it('never show a share that contradicts the rule: 101 of 501 is 20.2%, not 20%', () => {
    expect(formatFailedPercent(101, 501, 20)).toBe('20.2%');
    expect(formatFailedPercent(100, 500, 20)).toBe('20%');
    expect(formatFailedPercent(312, 1000, 20)).toBe('31%');
    expect(formatFailedPercent(0, 0)).toBe('0%');
  });

  it('say what it is watching, and what came of the stop', () => {
    expect(describeWatching({ processedCount: 120, errorCount: 4, totalCount: 1000 })).toBe('watching: 120 of 1,000 processed, 3% failed');
    expect(describeWatching({ processedCount: null, errorCount: null, totalCount: null })).toBe('watching: nothing processed yet');
    expect(describeFireOutcome({ kind: 'accepted', message: 'Zuora accepted the stop; the mass action is Stopping.' })).toBe('Zuora accepted the stop');
    expect(describeFireOutcome({ kind: 'refused', code: 'zuora_refused', message: 'Zuora refused the stop: it is Completed' })).toBe('the stop was refused: Zuora refused the stop: it is Completed');
    expect(describeFireOutcome(null)).toBe('the stop is being requested');
  });
});
