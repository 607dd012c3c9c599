// Browser-safe. Zuora's bulk keys are 32 letters or digits; anything else must never reach a URL.
export const BULK_KEY_PATTERN = /^[A-Za-z0-9]{32}$/;

export type BulkKey = string & { readonly __brand: 'BulkKey' };

export function isBulkKey(value: unknown): value is BulkKey {
  return typeof value === 'string' && BULK_KEY_PATTERN.test(value);
}

/** Why a candidate is not a bulk key, in words an operator understands; null when it is one. */
export function explainBadBulkKey(value: string): string | null {
  if (value.length === 0) return 'The bulk key is empty.';
  if (!/^[\x21-\x7e]*$/.test(value)) return 'A bulk key has only letters and digits; this one has spaces, control or non-ASCII characters.';
  if (!/^[A-Za-z0-9]*$/.test(value)) return 'A bulk key has only letters and digits; this one has other characters.';
  if (value.length !== 32) return `A bulk key is 32 characters long; this one has ${value.length}.`;
  return null;
}
