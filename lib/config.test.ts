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

  it('reads AUTO_STOP_DEFAULTS keyed by action type, and names the variable and entry of each problem', () => {
    expect(parseConfig(valid).autoStopDefaults).toEqual({});
    expect(parseConfig({ ...valid, AUTO_STOP_DEFAULTS: '{"MPU":{"afterProcessed":500,"failedPercentAbove":20},"ImportFXRate":{"failedAbove":3}}' }).autoStopDefaults).toEqual({
      MPU: { afterProcessed: 500, failedPercentAbove: 20, failedAbove: null },
      ImportFXRate: { afterProcessed: null, failedPercentAbove: null, failedAbove: 3 },
    });
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{MPU:' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS: is not valid JSON/)]);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '[1]' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS: must be a JSON object keyed by action type/)]);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{"Payments":{"failedAbove":3}}' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS\.Payments: is not an action type \(one of UpdateAccountingCode, .*MPU\)$/)]);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{"MPU":{"afterProcessed":500,"failedPercentAbove":120}}' })).toEqual(['AUTO_STOP_DEFAULTS.MPU.failedPercentAbove: the percentage must be less than 100']);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{"MPU":{"afterProcessed":500}}' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS\.MPU\.failedPercentAbove: .*give both or neither/)]);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{"MPU":{}}' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS\.MPU: give at least one condition/)]);
    expect(problemsOf({ ...valid, AUTO_STOP_DEFAULTS: '{"MPU":5}' })).toEqual([expect.stringMatching(/^AUTO_STOP_DEFAULTS\.MPU: must be a rule/)]);
  });

  it('reads WEBHOOKS: each entry with its events, https only unless WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
    const secret = 'whsec-0123456789abcdef0123456789abcdef';
    expect(parseConfig(valid).notifications).toEqual({ webhooks: [], allowPrivateTargets: false });
    const webhooks = JSON.stringify([
      { name: 'ops-chat', url: 'https://hooks.slack.com/services/T0/B0/token', events: ['stopped', 'failed', 'stopped'], secret },
      { url: 'https://receiver.example.com/hook', events: ['stuck-in-stopping'], secret },
    ]);
    const { notifications } = parseConfig({ ...valid, WEBHOOKS: webhooks });
    expect(notifications.webhooks).toEqual([
      { id: 'ops-chat', url: 'https://hooks.slack.com/services/T0/B0/token', events: ['stopped', 'failed'], secret },
      { id: expect.stringMatching(/^url-[0-9a-f]{10}$/), url: 'https://receiver.example.com/hook', events: ['stuck-in-stopping'], secret },
    ]);
    // Named by its URL when unnamed: the same id after a restart or a reordering of the list.
    expect(parseConfig({ ...valid, WEBHOOKS: JSON.stringify([JSON.parse(webhooks)[1]]) }).notifications.webhooks[0]!.id).toBe(notifications.webhooks[1]!.id);
    const internal = JSON.stringify([{ url: 'http://10.0.0.5:8080/hook', events: ['failed'], secret }]);
    expect(problemsOf({ ...valid, WEBHOOKS: internal })).toEqual(['WEBHOOKS[0].url: must be https; plain http is only for a receiver on your own network, with WEBHOOK_ALLOW_PRIVATE_TARGETS=true']);
    expect(parseConfig({ ...valid, WEBHOOKS: internal, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).notifications).toMatchObject({ allowPrivateTargets: true, webhooks: [{ url: 'http://10.0.0.5:8080/hook' }] });
    expect(problemsOf({ ...valid, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })[0]).toMatch(/^WEBHOOK_ALLOW_PRIVATE_TARGETS: /);
  });

  it('names the entry and the field of each WEBHOOKS problem, lists the valid events, and never quotes a secret or a URL', () => {
    const secret = 'whsec-never-quoted-0123456789abcdef0123';
    const entry = (fields: Record<string, unknown>) => JSON.stringify([{ name: 'ops', url: 'https://hooks.example.com/services/tok3n-in-path', events: ['stopped'], secret, ...fields }]);
    const events = 'stop-requested, stopped, auto-stop-fired, completed-with-failures, failed, stuck-in-stopping';
    const cases: [string, string[]][] = [
      ['[{', ['WEBHOOKS: is not valid JSON; it must be a list like [{ "url": "https://…", "events": ["stopped"], "secret": "…" }]']],
      ['{"url":"https://a.example"}', ['WEBHOOKS: must be a JSON list of webhooks, [{ "url": …, "events": […], "secret": … }]']],
      [entry({ events: ['stoped', 'failed'] }), [`WEBHOOKS[0] ("ops").events: "stoped" is not an event; the events are ${events}`]],
      [entry({ events: [] }), [`WEBHOOKS[0] ("ops").events: must list at least one event (${events})`]],
      [entry({ secret: 'short-0ne' }), ['WEBHOOKS[0] ("ops").secret: is too short: it must be at least 32 characters (openssl rand -hex 32)']],
      [entry({ secret: undefined }), ['WEBHOOKS[0] ("ops").secret: is required: 32 or more random characters shared with the receiver (openssl rand -hex 32)']],
      [entry({ url: 'ftp://hooks.example.com/tok3n-in-path' }), ['WEBHOOKS[0] ("ops").url: must be an https URL']],
      [entry({ url: 'hooks.example.com/tok3n-in-path' }), ['WEBHOOKS[0] ("ops").url: is not a URL']],
      [entry({ token: 'x', event: 'stopped' }), ['WEBHOOKS[0] ("ops"): has unknown field(s) token, event; the fields are name, url, events, secret']],
      [entry({ name: 'ops chat!' }), ['WEBHOOKS[0].name: must be 1 to 64 letters, digits, dots, dashes or underscores']],
      [JSON.stringify([...JSON.parse(entry({})), ...JSON.parse(entry({}))]), ['WEBHOOKS: two entries are both "ops" (the same name, or the same URL without one); give each its own name']],
      ['["https://hooks.example.com/tok3n-in-path"]', ['WEBHOOKS[0]: must be an object like { "url": …, "events": […], "secret": … }']],
    ];
    for (const [webhooks, expected] of cases) {
      const problems = problemsOf({ ...valid, WEBHOOKS: webhooks });
      expect(problems).toEqual(expected);
      expect(problems.join()).not.toMatch(/whsec|short-0ne|tok3n/);
    }
  });

  it('rejects malformed numbers and versions', () => {
    expect(problemsOf({ ...valid, ZUORA_TIMEOUT_MS: 'soon' })[0]).toMatch(/^ZUORA_TIMEOUT_MS/);
    expect(problemsOf({ ...valid, ZUORA_VERSION: '12/08/2025' })[0]).toMatch(/^ZUORA_VERSION/);
  });
});
