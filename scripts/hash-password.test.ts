import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../lib/auth/password';

const run = (input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/hash-password.ts'], { input, encoding: 'utf8' });

describe('npm run hash-password', () => {
  it('prints a hash that verifies the piped password, and never the password', async () => {
    const result = run('a long enough passphrase\n');
    expect(result.status).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).not.toContain('passphrase');
    expect(await verifyPassword('a long enough passphrase', hash)).toBe(true);
  });

  it('refuses a short password with a clear message', () => {
    const result = run('short\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('at least 12 characters');
    expect(result.stdout).toBe('');
  });
});
