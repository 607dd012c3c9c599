import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary folder, a loopback
// port, removed when stopped. initdb and postgres refuse to run as root, so as root they run as the
// `postgres` user Debian's package creates (or `nobody`). Nothing shared or preinstalled is assumed
// beyond the server binaries (`apt-get install postgresql`; .ci/run does it).

export interface PostgresServer {
  /** postgres://console@127.0.0.1:<port>/postgres, trusted from loopback. */
  url: string;
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'console';

export function findPostgresBin(): string {
  const candidates = [process.env.POSTGRES_BIN].filter((v): v is string => Boolean(v));
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is in the dev package; the server's own folder is looked for below.
  }
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) for (const version of fs.readdirSync(root).sort().reverse()) candidates.push(path.join(root, version, 'bin'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
  if (!found) throw new Error('PostgreSQL server binaries (initdb, postgres) were not found: apt-get install postgresql, or set POSTGRES_BIN to their folder.');
  return found;
}

function unprivilegedUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // Try the next one.
    }
  }
  throw new Error('Running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as.');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresServer(options: { maxConnections?: number } = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const user = unprivilegedUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-pg-'));
  fs.chmodSync(dir, 0o700);
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const asUser = (command: string, args: string[]): [string, string[]] => (user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args]);
  const data = path.join(dir, 'data');
  const [initdb, initArgs] = asUser(path.join(bin, 'initdb'), ['-D', data, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });

  const port = await freePort();
  // fsync off and no full-page writes: a test server loses nothing that matters in a crash of the machine.
  const settings = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', `max_connections=${options.maxConnections ?? 300}`, '-c', 'shared_buffers=128MB'];
  const [postgres, args] = asUser(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, ...settings]);
  const child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(url, child, () => log);

  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    urlFor: (database) => `postgres://${USER}@127.0.0.1:${port}/${database}`,
    stop: () => (stopped ??= stop(child, data, dir)),
  };
}

async function waitUntilAccepting(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited at start (${child.exitCode}):\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections in 30 s: ${String(error)}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stop(child: ChildProcess, data: string, dir: string): Promise<void> {
  // The postmaster's pid (runuser sits between it and us): a fast shutdown ends every session.
  let pid = child.pid ?? 0;
  try {
    pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    // It never wrote one: signal what was spawned.
  }
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // Already gone.
  }
  const timeout = setTimeout(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 10_000);
  await exited;
  clearTimeout(timeout);
  fs.rmSync(dir, { recursive: true, force: true });
}
