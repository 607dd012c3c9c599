import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isLastAttempt, retryDelayMs } from './retry-policy';

describe('the retry policy', () => {
  it('waits about 1 s, then 2, 4 … doubling to at most 5 min, for 10 attempts', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 9, 10, 20].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY, null, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000]);
    expect(isLastAttempt(9, DEFAULT_RETRY_POLICY)).toBe(false);
    expect(isLastAttempt(10, DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it('spreads the waits by ± 20 %, so instances that failed together drift apart', () => {
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, null, () => 0)).toBe(3_200);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, null, () => 1)).toBe(4_800);
    expect(retryDelayMs(20, DEFAULT_RETRY_POLICY, null, () => 1)).toBe(300_000);
  });

  it("honours the receiver's Retry-After, up to the cap", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 3_600_000, () => 0.5)).toBe(300_000);
  });
});
