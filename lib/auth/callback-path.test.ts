import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './callback-path';

describe('safeCallbackPath', () => {
  it('keeps a deep link with its query string and fragment', () => {
    expect(safeCallbackPath('/mass-actions/abc?outcome=failed&q=a%20b#row-12')).toBe('/mass-actions/abc?outcome=failed&q=a%20b#row-12');
  });

  it('never leaves the site', () => {
    expect(safeCallbackPath('https://evil.example/steal')).toBe('/steal');
    expect(safeCallbackPath('//evil.example/x')).toBe('/x');
    expect(safeCallbackPath('/\\evil.example')).not.toMatch(/^\/\//);
  });

  it('falls back to the list for empty, API or sign-in targets', () => {
    expect(safeCallbackPath(undefined)).toBe('/mass-actions');
    expect(safeCallbackPath('/api/health')).toBe('/mass-actions');
    expect(safeCallbackPath('/sign-in?callbackUrl=/x')).toBe('/mass-actions');
  });
});
