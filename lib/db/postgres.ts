import 'server-only';
import pg from 'pg';
import { PostgresDialect } from 'kysely';

// node-postgres under Kysely. Every instance opens its own pool of DATABASE_POOL_SIZE connections
// (10 by default): size the server's max_connections for instances × pool size, plus an import's
// store-thread connection per instance and an admin's margin.

// int8 (count(*), bigint columns) arrives as a string by default, for values past 2^53; the console's
// are counts, milliseconds and byte sizes, far below it, and the SQLite driver answers numbers.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** Tests give each database a schema of its own on one server. */
  searchPath?: string;
}

export function postgresClientConfig(options: Omit<PostgresOptions, 'poolSize'>): pg.ClientConfig {
  return {
    connectionString: options.url,
    types,
    application_name: 'mass-action-console',
    // A dead server or a wrong host fails the start in seconds, not at the operating system's timeout.
    connectionTimeoutMillis: 10_000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  };
}

export function postgresDialect(options: PostgresOptions): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({ ...postgresClientConfig(options), max: options.poolSize, idleTimeoutMillis: 30_000 });
  // An idle connection the server drops (a restart, a failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return { dialect: new PostgresDialect({ pool }), pool };
}

/** The URL without its password, for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'the server in DATABASE_URL';
  }
}

/** An error's message with the URL's password (and the URL itself) taken out. */
export function withoutSecrets(message: string, url: string): string {
  let out = message.split(url).join(describePostgresUrl(url));
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) out = out.split(password).join('***');
  } catch {
    // Not a URL: nothing more to take out.
  }
  return out;
}
