import 'server-only';
import { BrandedError } from './branded-error';
import path from 'node:path';
import { z } from 'zod';
import { environmentKindOf, isKnownZuoraHost, isLoopbackHost, type ZuoraEnvironmentKind } from './zuora/shared/hosts';
import { STOP_REASON_RULES, type StopReasonRule } from './shared/stop-friction';
import { localAccountsSchema, type LocalAccount } from './auth/local-accounts';
import type { RoleMapping } from './auth/role-mapping';
import { parseWebhooks, type WebhookConfig } from './notifications/webhook-config';
import { parseAutoStopDefaults, type AutoStopDefaults } from './mass-actions/auto-stop/config-defaults';

/** A configuration error names the variable and what is wrong, never its value (it may be a secret). */
export class ConfigError extends BrandedError {
  static readonly brand = 'ConfigError';

  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  ZUORA_BASE_URL: z.url({ protocol: /^https?$/ }),
  ZUORA_ALLOW_ANY_HOST: flag.default(false),
  ZUORA_CLIENT_ID: z.string().trim().length(36, 'must be the 36-character client id Zuora issued'),
  ZUORA_CLIENT_SECRET: z.string().min(1, 'is required'),
  ZUORA_ENTITY_ID: z.string().trim().min(1).optional(),
  ZUORA_ORG_IDS: z.string().trim().min(1).optional(),
  ZUORA_VERSION: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-08-12').optional(),
  ZUORA_ENVIRONMENT: z.enum(['production', 'sandbox']).optional(),
  ZUORA_TIME_ZONE: z.string().trim().min(1).refine(isTimeZone, 'must be an IANA time zone name, like America/Los_Angeles or Europe/Paris').optional(),
  ZUORA_TIMEOUT_MS: positiveInt.max(120_000).default(30_000),
  ZUORA_MAX_RETRIES: z.coerce.number().int().min(0).max(6).default(3),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().trim().optional(),
  DATABASE_POOL_SIZE: positiveInt.max(100).default(10),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  NEXTAUTH_URL: z.url({ protocol: /^https?$/ }),
  CONSOLE_LOCAL_ACCOUNTS: z.string().default('[]'),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().trim().min(1).default('Single sign-on'),
  OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default('groups'),
  OIDC_VIEWER_GROUPS: z.string().default(''),
  OIDC_OPERATOR_GROUPS: z.string().default(''),
  OIDC_ADMIN_GROUPS: z.string().default(''),
  VIEWER_EMAILS: z.string().default(''),
  OPERATOR_EMAILS: z.string().default(''),
  ADMIN_EMAILS: z.string().default(''),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(20),
  SIGN_IN_THROTTLE_MINUTES: positiveInt.default(15),
  REFRESH_INTERVAL_MS: positiveInt.min(1000).default(5000),
  STOPPING_STUCK_AFTER_MINUTES: z.coerce.number().positive().default(10),
  STOP_REASON_REQUIRED: z.enum(STOP_REASON_RULES).default('production'),
  RESULT_FILE_MAX_DOWNLOAD_MB: positiveInt.max(1024).default(64),
  RESULT_FILE_MAX_UNCOMPRESSED_MB: positiveInt.max(16_384).default(1024),
  DEMO_SIGN_IN_ACCOUNTS: z.string().optional(),
  WEBHOOKS: z.string().optional(),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.default(false),
  AUTO_STOP_DEFAULTS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ZuoraConfig {
  baseUrl: string;
  origin: string;
  host: string;
  environment: ZuoraEnvironmentKind;
  /** The tenant's time zone, in which Zuora writes its timestamps; null when not configured. */
  timeZone?: string | null;
  clientId: string;
  clientSecret: string;
  entityId?: string;
  orgIds?: string[];
  version?: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  scopes: string;
}

export interface AuthConfig {
  secret: string;
  url: string;
  isSecure: boolean;
  sessionMaxAgeSeconds: number;
  localAccounts: LocalAccount[];
  oidc: OidcConfig | null;
  roleMapping: RoleMapping;
  trustedProxyHops: number;
  throttle: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMs: number };
}

/** `npm run demo` only: the demo accounts the sign-in page lists (it prints them too). */
export interface DemoSignInAccount {
  email: string;
  password: string;
  role: string;
}

/** The embedded SQLite file (the default), or a PostgreSQL server shared by several console instances. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface Config {
  zuora: ZuoraConfig;
  database: DatabaseTarget;
  demoSignInAccounts: DemoSignInAccount[];
  dataDir: string;
  auth: AuthConfig;
  refreshIntervalMs: number;
  stoppingStuckAfterMs: number;
  /** When a stop must give a reason; the server refuses one without (see lib/mass-actions/stop-service.ts). */
  stopReasonRequired: StopReasonRule;
  resultFileLimits: { maxDownloadBytes: number; maxUncompressedBytes: number };
  /** Webhooks told of stops and failures (lib/notifications/); private and loopback targets refused unless allowed. */
  notifications: { webhooks: WebhookConfig[]; allowPrivateTargets: boolean };
  /** AUTO_STOP_DEFAULTS: each action type's default auto-stop rule (lib/mass-actions/auto-stop/). */
  autoStopDefaults: AutoStopDefaults;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];

  const url = new URL(e.ZUORA_BASE_URL);
  const isAllowedHost = isKnownZuoraHost(url.hostname) || isLoopbackHost(url.hostname) || e.ZUORA_ALLOW_ANY_HOST;
  if (!isAllowedHost) {
    problems.push(`ZUORA_BASE_URL: ${url.hostname} is not one of Zuora's REST hosts nor loopback (set ZUORA_ALLOW_ANY_HOST=true to allow it)`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    problems.push('ZUORA_BASE_URL: plain http is only allowed for the loopback sandbox');
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    problems.push('ZUORA_BASE_URL: must be an origin only, like https://rest.zuora.com');
  }

  let localAccounts: LocalAccount[] = [];
  try {
    const accounts = localAccountsSchema.safeParse(JSON.parse(e.CONSOLE_LOCAL_ACCOUNTS));
    if (accounts.success) localAccounts = accounts.data;
    else problems.push(...accounts.error.issues.map((i) => `CONSOLE_LOCAL_ACCOUNTS[${i.path.join('.')}]: ${i.message}`));
  } catch {
    problems.push('CONSOLE_LOCAL_ACCOUNTS: is not valid JSON');
  }
  let demoSignInAccounts: DemoSignInAccount[] = [];
  if (e.DEMO_SIGN_IN_ACCOUNTS) {
    let listed: unknown = null;
    try {
      listed = JSON.parse(e.DEMO_SIGN_IN_ACCOUNTS);
    } catch {
      // Not JSON: refused just below, like any other wrong shape.
    }
    const accounts = z.array(z.object({ email: z.string(), password: z.string(), role: z.string() })).safeParse(listed);
    if (!accounts.success) problems.push('DEMO_SIGN_IN_ACCOUNTS: must be the demo launcher\'s list of accounts');
    else if (!isLoopbackHost(url.hostname)) problems.push('DEMO_SIGN_IN_ACCOUNTS: is for the demo against the loopback sandbox only; never set it for a real tenant');
    else demoSignInAccounts = accounts.data;
  }
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three for single sign-on, or none');
  }
  const webhooks = parseWebhooks(e.WEBHOOKS, e.WEBHOOK_ALLOW_PRIVATE_TARGETS, problems);
  const autoStopDefaults = parseAutoStopDefaults(e.AUTO_STOP_DEFAULTS, problems);
  const database = databaseTargetOf(e.DATABASE_URL, path.resolve(e.DATA_DIR), e.DATABASE_POOL_SIZE, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const list = (value: string) => value.split(/[\s,]+/).map((v) => v.trim()).filter(Boolean);

  return {
    zuora: {
      baseUrl: url.origin,
      origin: url.origin,
      host: url.host,
      environment: e.ZUORA_ENVIRONMENT ?? environmentKindOf(url.hostname),
      timeZone: e.ZUORA_TIME_ZONE ?? null,
      clientId: e.ZUORA_CLIENT_ID,
      clientSecret: e.ZUORA_CLIENT_SECRET,
      entityId: e.ZUORA_ENTITY_ID,
      orgIds: e.ZUORA_ORG_IDS?.split(',').map((s) => s.trim()).filter(Boolean),
      version: e.ZUORA_VERSION,
      timeoutMs: e.ZUORA_TIMEOUT_MS,
      maxRetries: e.ZUORA_MAX_RETRIES,
    },
    dataDir: path.resolve(e.DATA_DIR),
    database,
    demoSignInAccounts,
    auth: {
      secret: e.NEXTAUTH_SECRET,
      url: e.NEXTAUTH_URL,
      isSecure: e.NEXTAUTH_URL.startsWith('https:'),
      sessionMaxAgeSeconds: Math.round(e.SESSION_MAX_AGE_HOURS * 3600),
      localAccounts,
      oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER.replace(/\/$/, ''), clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, displayName: e.OIDC_DISPLAY_NAME, scopes: e.OIDC_SCOPES }
        : null,
      roleMapping: {
        claim: e.OIDC_ROLE_CLAIM,
        groups: { viewer: list(e.OIDC_VIEWER_GROUPS), operator: list(e.OIDC_OPERATOR_GROUPS), admin: list(e.OIDC_ADMIN_GROUPS) },
        emails: { viewer: list(e.VIEWER_EMAILS.toLowerCase()), operator: list(e.OPERATOR_EMAILS.toLowerCase()), admin: list(e.ADMIN_EMAILS.toLowerCase()) },
      },
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
      throttle: {
        maxFailuresPerAccount: e.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: e.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
        windowMs: e.SIGN_IN_THROTTLE_MINUTES * 60_000,
      },
    },
    refreshIntervalMs: e.REFRESH_INTERVAL_MS,
    stoppingStuckAfterMs: e.STOPPING_STUCK_AFTER_MINUTES * 60_000,
    stopReasonRequired: e.STOP_REASON_REQUIRED,
    resultFileLimits: { maxDownloadBytes: e.RESULT_FILE_MAX_DOWNLOAD_MB * 1024 * 1024, maxUncompressedBytes: e.RESULT_FILE_MAX_UNCOMPRESSED_MB * 1024 * 1024 },
    notifications: { webhooks, allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS },
    autoStopDefaults,
    logLevel: e.LOG_LEVEL,
  };
}

function databaseTargetOf(url: string | undefined, dataDir: string, poolSize: number, problems: string[]): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'console.sqlite') };
  // The URL holds the password: a problem names the variable and the part that is wrong, never the value.
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.push('DATABASE_URL: is not a URL; it must look like postgres://user:password@host:5432/database');
    return { kind: 'sqlite', file: '' };
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') problems.push('DATABASE_URL: must start with postgres:// (PostgreSQL is the only server database); leave it unset for the embedded SQLite file');
  else if (!parsed.hostname && !parsed.searchParams.get('host')) problems.push('DATABASE_URL: names no host');
  else if (parsed.pathname.length <= 1) problems.push('DATABASE_URL: names no database (postgres://user:password@host:5432/database)');
  return { kind: 'postgres', url, poolSize };
}

let cached: Config | undefined;

/** The configuration from the environment, validated once; the only reader of process.env. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
