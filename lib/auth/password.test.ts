import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_HASH_PATTERN, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password only, with a salted hash that does not contain it', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(PASSWORD_HASH_PATTERN);
    expect(hash).not.toContain('correct');
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterx', hash)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
  });
});
