import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const valid = {
  ZUORA_BASE_URL: 'https://rest.zuora.com',
  ZUORA_CLIENT_ID: '5a1f9c2e-0b7d-4e8a-9c3f-000000000001',
  ZUORA_CLIENT_SECRET: 'a-very-secret-value',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads a real tenant with defaults and derives the environment from the host', () => {
    const config = parseConfig({ ...valid, ZUORA_ORG_IDS: 'org-1, org-2', ZUORA_ENTITY_ID: 'ent-9', ZUORA_VERSION: '2025-08-12' });
    expect(config.zuora).toMatchObject({ baseUrl: 'https://rest.zuora.com', environment: 'production', orgIds: ['org-1', 'org-2'], entityId: 'ent-9', version: '2025-08-12', timeoutMs: 30_000, maxRetries: 3 });
    expect(parseConfig({ ...valid, ZUORA_BASE_URL: 'https://rest.apisandbox.zuora.com' }).zuora.environment).toBe('sandbox');
    expect(parseConfig({ ...valid, ZUORA_BASE_URL: 'http://127.0.0.1:4010' }).zuora.environment).toBe('sandbox');
  });

  it("takes the tenant's time zone as an IANA name, and refuses anything else", () => {
    expect(parseConfig(valid).zuora.timeZone).toBeNull();
    expect(parseConfig({ ...valid, ZUORA_TIME_ZONE: 'Europe/Paris' }).zuora.timeZone).toBe('Europe/Paris');
    expect(problemsOf({ ...valid, ZUORA_TIME_ZONE: 'PST8PDT-ish' })).toEqual(['ZUORA_TIME_ZONE: must be an IANA time zone name, like America/Los_Angeles or Europe/Paris']);
  });

  it('keeps the embedded SQLite file in DATA_DIR unless DATABASE_URL names a PostgreSQL server', () => {
    expect(parseConfig({ ...valid, DATA_DIR: '/srv/console' }).database).toEqual({ kind: 'sqlite', file: '/srv/console/console.sqlite' });
    const url = 'postgres://console:pa55-w0rd@db.internal:5432/console';
    expect(parseConfig({ ...valid, DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url, poolSize: 10 });
    expect(parseConfig({ ...valid, DATABASE_URL: url, DATABASE_POOL_SIZE: '25' }).database).toMatchObject({ poolSize: 25 });
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL one, never quoting it (it holds the password)', () => {
    const cases: [string, string][] = [
      ['mysql://console:pa55-w0rd@db/console', 'DATABASE_URL: must start with postgres:// (PostgreSQL is the only server database); leave it unset for the embedded SQLite file'],
      ['//console:pa55-w0rd@db/console', 'DATABASE_URL: is not a URL; it must look like postgres://user:password@host:5432/database'],
      ['postgres://console:pa55-w0rd@db.internal:5432', 'DATABASE_URL: names no database (postgres://user:password@host:5432/database)'],
    ];
    for (const [url, problem] of cases) {
      const problems = problemsOf({ ...valid, DATABASE_URL: url });
      expect(problems).toEqual([problem]);
      expect(problems.join()).not.toContain('pa55-w0rd');
    }
    expect(problemsOf({ ...valid, DATABASE_POOL_SIZE: '0' })[0]).toMatch(/^DATABASE_POOL_SIZE: /);
  });

  it('lists demo accounts on the sign-in page only for the loopback sandbox', () => {
    const demo = JSON.stringify([{ email: 'operator@example.com', password: 'demo-operator', role: 'operator' }]);
    expect(parseConfig({ ...valid, ZUORA_BASE_URL: 'http://127.0.0.1:4010', DEMO_SIGN_IN_ACCOUNTS: demo }).demoSignInAccounts).toHaveLength(1);
    expect(problemsOf({ ...valid, DEMO_SIGN_IN_ACCOUNTS: demo })).toEqual(['DEMO_SIGN_IN_ACCOUNTS: is for the demo against the loopback sandbox only; never set it for a real tenant']);
    expect(problemsOf({ ...valid, ZUORA_BASE_URL: 'http://127.0.0.1:4010', DEMO_SIGN_IN_ACCOUNTS: 'not json' })).toEqual(["DEMO_SIGN_IN_ACCOUNTS: must be the demo launcher's list of accounts"]);
    expect(parseConfig(valid).demoSignInAccounts).toEqual([]);
  });

  it('names each missing variable', () => {
    const problems = problemsOf({});
    for (const name of ['ZUORA_BASE_URL', 'ZUORA_CLIENT_ID', 'ZUORA_CLIENT_SECRET', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL']) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('refuses hosts that are neither Zuora nor loopback unless explicitly allowed', () => {
    expect(problemsOf({ ...valid, ZUORA_BASE_URL: 'https://rest.zuora.com.evil.example' })[0]).toMatch(/not one of Zuora's REST hosts/);
    expect(problemsOf({ ...valid, ZUORA_BASE_URL: 'http://rest.zuora.com' })[0]).toMatch(/plain http/);
    expect(problemsOf({ ...valid, ZUORA_BASE_URL: 'https://rest.zuora.com/v1' })[0]).toMatch(/origin only/);
    expect(parseConfig({ ...valid, ZUORA_BASE_URL: 'https://zuora.proxy.internal', ZUORA_ALLOW_ANY_HOST: 'true' }).zuora.host).toBe('zuora.proxy.internal');
  });

  it('never puts a secret value in its message', () => {
    const error = (() => {
      try {
        parseConfig({ ...valid, ZUORA_CLIENT_ID: 'short', NEXTAUTH_SECRET: 'tiny-secret-value' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/ZUORA_CLIENT_ID/);
    expect(error?.message).toMatch(/NEXTAUTH_SECRET/);
    expect(error?.message).not.toContain('tiny-secret-value');
  });

  it('rejects local accounts with plain passwords or bad JSON', () => {
    expect(problemsOf({ ...valid, CONSOLE_LOCAL_ACCOUNTS: 'not json' })[0]).toMatch(/CONSOLE_LOCAL_ACCOUNTS: is not valid JSON/);
    const plain = JSON.stringify([{ email: 'a@example.com', name: 'A', role: 'operator', passwordHash: 'hunter2' }]);
    expect(problemsOf({ ...valid, CONSOLE_LOCAL_ACCOUNTS: plain })[0]).toMatch(/never a plain password/);
  });

  it('rejects malformed numbers and versions', () => {
    expect(problemsOf({ ...valid, ZUORA_TIMEOUT_MS: 'soon' })[0]).toMatch(/^ZUORA_TIMEOUT_MS/);
    expect(problemsOf({ ...valid, ZUORA_VERSION: '12/08/2025' })[0]).toMatch(/^ZUORA_VERSION/);
  });
});
