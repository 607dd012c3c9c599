// npm run bench:import [-- --rows 500000 --rounds 3 --runs 50 --database sqlite|postgres]
// Imports a result file of the sandbox (500,000 UpdateAccountingCode rows by default) and compares it,
// on the same file, with papaparse parsing the unzipped text in memory and with `unzip -p | wc -l`
// (the floor). Each contender runs in its own process so memory figures do not mix, alternately for
// a few rounds, and the medians are compared: on a shared machine one run of either can be 25% off.
// With `--database postgres` the same run imports into SQLite and into a throwaway PostgreSQL server
// (lib/testing/postgres-server.ts, stopped at the end) too, and prints them side by side.
// Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { DatabaseLocation } from '../lib/db/database';
import type { DatabaseKind } from '../lib/db/dialect';
import { createLogger } from '../lib/log';
import type { ResultFileSource } from '../lib/result-files/import/importer';
import { startPostgresServer, type PostgresServer } from '../lib/testing/postgres-server';
import { createZuoraClient } from '../lib/zuora/client';
import { accountingCodeRows, csvFile, zipped } from '../zuora-sandbox/scenario-files';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '500000' }, rounds: { type: 'string', default: '3' }, runs: { type: 'string', default: '50' }, database: { type: 'string', default: 'sqlite' } } });
const rowCount = Number(values.rows);
if (values.database !== 'sqlite' && values.database !== 'postgres') throw new Error(`--database is sqlite or postgres, not ${values.database}`);
// SQLite always: PostgreSQL's figures are read beside it.
const kinds: DatabaseKind[] = values.database === 'postgres' ? ['sqlite', 'postgres'] : ['sqlite'];
const NAMES: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
// import / papaparse: SQLite's own target, and the one PostgreSQL (a server a round trip away) is held to.
const RATIO_TARGET: Record<DatabaseKind, number> = { sqlite: 1.5, postgres: 2 };
const UPLOAD_LIMIT = 4 * 1024 * 1024;

const say = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const met = (isMet: boolean) => (isMet ? 'met' : 'NOT met');

function runChild(contender: string, args: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'scripts/bench-import-child.ts'), contender, JSON.stringify(args)], {
      cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Record<string, unknown>);
      else reject(new Error(`the ${contender} contender failed (exit ${code}): ${output.slice(-500)}`));
    });
  });
}

/** The run with the median time (its other figures come with it). */
function median(runs: Record<string, unknown>[]): Record<string, unknown> {
  const sorted = [...runs].sort((a, b) => (a.ms as number) - (b.ms as number));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? {};
}

function floor(zipFile: string): { ms: number; lines: number } | string {
  if (spawnSync('sh', ['-c', 'command -v unzip']).status !== 0) return 'skipped: `unzip` is not installed on this machine (not installed by the bench on purpose)';
  const started = performance.now();
  const result = spawnSync('sh', ['-c', `unzip -p "${zipFile}" | wc -l`], { encoding: 'utf8' });
  return { ms: performance.now() - started, lines: Number(result.stdout.trim()) };
}

/** A fresh, empty database of `kind` named `name` (a-z, 0-9, _): a file in `dir`, or a database on the server. */
async function freshLocation(kind: DatabaseKind, name: string, dir: string, server: PostgresServer | null): Promise<DatabaseLocation> {
  if (kind === 'sqlite') return { kind: 'sqlite', file: path.join(dir, `${name}.sqlite`) };
  if (!server) throw new Error('no PostgreSQL server');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // The console's default pool size (DATABASE_POOL_SIZE).
  return { kind: 'postgres', url: server.urlFor(name), poolSize: 10 };
}

/** One line of a table: the label, then each column's cell. */
function row(label: string, cells: string[]): string {
  return `  ${label.padEnd(34)}${cells.map((cell) => cell.padStart(18)).join('')}`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const sandbox = await startSandbox({ port: 0 });
  const server = kinds.includes('postgres') ? await startPostgresServer() : null;
  try {
    const url = new URL(sandbox.url);
    const client = createZuoraClient({
      config: { baseUrl: url.origin, origin: url.origin, host: url.host, environment: 'sandbox', clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, timeoutMs: 120_000, maxRetries: 0 },
      logger: createLogger('silent'),
    });
    const upload = zipped(csvFile('accounting-codes-bench.csv', accountingCodeRows(rowCount)));
    if (upload.bytes.byteLength > UPLOAD_LIMIT) throw new Error(`The upload is ${upload.bytes.byteLength} bytes, over the sandbox's 4 MB limit: use fewer --rows.`);
    const form = new FormData();
    form.set('file', new Blob([upload.bytes as Uint8Array<ArrayBuffer>]), upload.fileName);
    form.set('params', JSON.stringify({ actionType: 'UpdateAccountingCode' }));
    const behaviour = JSON.stringify({ pendingMs: 0, rowsPerSecond: 100_000_000, failEvery: 7 });
    const response = await fetch(`${sandbox.url}/v1/bulk`, { method: 'POST', headers: { authorization: `Bearer ${await client.tokens.getToken()}`, 'x-sandbox-behaviour': behaviour }, body: form });
    const { bulkKey } = (await response.json()) as { bulkKey: string };
    let state = (await client.getMassAction(bulkKey)).state;
    while (state.status !== 'Completed') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await client.getMassAction(bulkKey)).state;
    }
    const zipFile = path.join(dir, 'result.zip');
    const { response: file } = await client.openResultFile(state.outputUrl ?? '');
    fs.writeFileSync(zipFile, new Uint8Array(await file.arrayBuffer()));
    const source: ResultFileSource = { bulkKey, actionType: state.actionType, outputUrl: state.outputUrl };
    const args = { zipFile, sandboxUrl: sandbox.url, source, runs: Number(values.runs) };

    say(`Result file: ${rowCount.toLocaleString('en-US')} rows of UpdateAccountingCode (upload ${(upload.bytes.byteLength / 1048576).toFixed(1)} MB zipped), ` +
      `result zip ${(fs.statSync(zipFile).size / 1048576).toFixed(1)} MB, Zuora counts ${state.successCount} succeeded / ${state.errorCount} failed. Node ${process.version}, ${os.cpus().length} cores.`);
    if (server) say(`PostgreSQL: a throwaway server on this machine (loopback, fsync off as the test server), its memory not in the figures below.`);
    const papaparses: Record<string, unknown>[] = [];
    const imports = new Map<DatabaseKind, Record<string, unknown>[]>(kinds.map((kind) => [kind, []]));
    // Round 1's databases are the ones queried afterwards.
    const queried = new Map<DatabaseKind, DatabaseLocation>();
    for (let round = 1; round <= Number(values.rounds); round++) {
      papaparses.push(await runChild('papaparse', { ...args, location: null, coldLocation: null }));
      for (const kind of kinds) {
        const location = await freshLocation(kind, `console_${round}`, dir, server);
        if (round === 1) queried.set(kind, location);
        imports.get(kind)?.push(await runChild('import', { ...args, location, coldLocation: null }));
      }
    }
    const papaparse = median(papaparses);
    const imported = new Map(kinds.map((kind) => [kind, median(imports.get(kind) ?? [])]));
    const colds = new Map<DatabaseKind, Record<string, unknown>>();
    for (const kind of kinds) colds.set(kind, await runChild('import-cold', { ...args, location: null, coldLocation: await freshLocation(kind, 'console_cold', dir, server) }));
    const base = floor(zipFile);

    const of = (figures: Map<DatabaseKind, Record<string, unknown>>, format: (f: Record<string, unknown>, kind: DatabaseKind) => string) => kinds.map((kind) => format(figures.get(kind) ?? {}, kind));
    const importMs = (f: Record<string, unknown>) => f.ms as number;
    const all = (runs: Record<string, unknown>[]) => runs.map((r) => Math.round(r.ms as number).toLocaleString('en-US')).join(', ');
    say();
    say(`Import (download + unzip + UTF-8 check + CSV parse + store), each contender in its own process; medians of ${values.rounds} rounds:`);
    say(row('', [...kinds.map((kind) => NAMES[kind]), 'papaparse']));
    say(row('import time', [...of(imported, (f) => ms(importMs(f))), ms(papaparse.ms as number)]));
    say(row(`import / papaparse (<= ${kinds.map((kind) => `${RATIO_TARGET[kind]}x`).join(', ')})`, of(imported, (f, kind) => `${(importMs(f) / (papaparse.ms as number)).toFixed(2)}x ${met(importMs(f) / (papaparse.ms as number) <= RATIO_TARGET[kind])}`)));
    say(row('peak RSS growth (< 150 MB)', [...of(imported, (f) => `${String(f.peakRssGrowthMb)} MB ${met((f.peakRssGrowthMb as number) < 150)}`), `${String(papaparse.peakRssGrowthMb)} MB`]));
    say(row('rows', [...of(imported, (f) => String(f.rows)), String(papaparse.rows)]));
    say(row('event loop max / p99', of(imported, (f) => `${String(f.loopMaxMs)} / ${String(f.loopP99Ms)} ms`)));
    say(row('cold import (threads booted)', of(colds, (f) => `${ms(importMs(f))} ${(importMs(f) / (papaparse.ms as number)).toFixed(2)}x`)));
    say(row('cold peak RSS growth', of(colds, (f) => `${String(f.peakRssGrowthMb)} MB`)));
    say(`  the warm imports' threads were started ahead, as a running console keeps them (${of(imported, (f, kind) => `${NAMES[kind]} ${ms(f.warmUpMs as number)}`).join(', ')}, not counted); papaparse parses the unzipped text only`);
    say(`  every round (ms): ${kinds.map((kind) => `${NAMES[kind]} ${all(imports.get(kind) ?? [])}`).join('; ')}; papaparse ${all(papaparses)}`);
    say(`  floor: unzip -p | wc -l   ${typeof base === 'string' ? base : `${ms(base.ms)}, ${base.lines} lines`}`);

    type Queries = { latencies: Record<string, { p50: number; p95: number }>; groups: { coldMs: number; rowsColdMs: number; totalGroups: number; totalMessages: number } };
    const queries = new Map<DatabaseKind, Queries>();
    for (const kind of kinds) queries.set(kind, (await runChild('queries', { ...args, location: queried.get(kind), coldLocation: null })) as Queries);
    const first = queries.get('sqlite');
    say();
    if (first) say(`Error groups: ${first.groups.totalMessages.toLocaleString('en-US')} distinct messages in ${first.groups.totalGroups.toLocaleString('en-US')} groups.`);
    say(row('groups, first view', kinds.map((kind) => ms(queries.get(kind)?.groups.coldMs ?? Number.NaN))));
    say(row('first "Show rows" (cold)', kinds.map((kind) => ms(queries.get(kind)?.groups.rowsColdMs ?? Number.NaN))));
    say(`Queries on the warm file, ${values.runs} runs each, p50 / p95 in ms (target p95 < 100 ms):`);
    say(`  ${''.padEnd(42)}${kinds.map((kind) => NAMES[kind].padStart(24)).join('')}`);
    for (const name of Object.keys(first?.latencies ?? {})) {
      const cells = kinds.map((kind) => {
        const { p50, p95 } = queries.get(kind)?.latencies[name] ?? { p50: Number.NaN, p95: Number.NaN };
        return `${p50.toFixed(1)} / ${p95.toFixed(1)} ${met(p95 < 100)}`.padStart(24);
      });
      say(`  ${name.padEnd(42)}${cells.join('')}`);
    }
  } finally {
    await sandbox.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
