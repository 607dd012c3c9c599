import { describe, expect, it } from 'vitest';
import { explainBadJobPath } from './job-path';

describe('explainBadJobPath', () => {
  it('explains a job page whose key is malformed, decoded as the page decodes it', () => {
    expect(explainBadJobPath('/mass-actions/not-a-key')).toBe('A bulk key has only letters and digits; this one has other characters.');
    expect(explainBadJobPath('/mass-actions/short')).toBe('A bulk key is 32 characters long; this one has 5.');
    expect(explainBadJobPath('/mass-actions/not-a-key%2F..%2F')).toMatch(/only letters and digits/);
    expect(explainBadJobPath(`/mass-actions/${'%C3%A9'.repeat(32)}`)).toMatch(/non-ASCII/);
  });

  it('leaves alone a well-formed key, other pages, and what the front door already refuses', () => {
    expect(explainBadJobPath(`/mass-actions/${'a1'.repeat(16)}`)).toBeNull();
    expect(explainBadJobPath('/mass-actions')).toBeNull();
    expect(explainBadJobPath('/mass-actions/')).toBeNull();
    expect(explainBadJobPath('/audit')).toBeNull();
    expect(explainBadJobPath('/mass-actions/new')).toBeNull();
    expect(explainBadJobPath('/mass-actions/%')).toBeNull();
  });
});
