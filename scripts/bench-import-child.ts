// One contender of `npm run bench:import`, alone in its own process so its memory is its own.
// Prints one JSON line: what it measured, and its peak RSS growth over its own starting point (the
// console's process only: a PostgreSQL server's memory is its own).
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { openDatabase, type DatabaseLocation } from '../lib/db/database';
import { createLogger } from '../lib/log';
import { getOutcomeCounts } from '../lib/result-files/read/counts';
import { listErrorGroups } from '../lib/result-files/read/error-groups';
import { ResultFileImporter, type ResultFileSource } from '../lib/result-files/import/importer';
import { locateRow, queryRows } from '../lib/result-files/read/row-queries';
import { RESULT_OUTCOMES, ROW_SORTS, type OutcomeFilter } from '../lib/result-files/shared/types';
import { createZuoraClient } from '../lib/zuora/client';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';

const [contender = '', argument = '{}'] = process.argv.slice(2);
/** `location`: the database imported into (and queried); `coldLocation`: the one of the cold import. */
const args = JSON.parse(argument) as { location: DatabaseLocation; coldLocation: DatabaseLocation; zipFile: string; sandboxUrl: string; source: ResultFileSource; runs: number };

function report(figures: Record<string, unknown>, baselineRss: number) {
  const peakGrowthMb = (process.resourceUsage().maxRSS * 1024 - baselineRss) / 1024 / 1024;
  process.stdout.write(`${JSON.stringify({ ...figures, peakRssGrowthMb: Math.round(peakGrowthMb) })}\n`);
}

/** The import as a running console does it, its threads started ahead (warm), or as the first import after a start (cold). */
async function importContender(isWarm: boolean) {
  const url = new URL(args.sandboxUrl);
  const client = createZuoraClient({
    config: { baseUrl: url.origin, origin: url.origin, host: url.host, environment: 'sandbox', clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, timeoutMs: 120_000, maxRetries: 0 },
    logger: createLogger('silent'),
  });
  const db = await openDatabase(isWarm ? args.location : args.coldLocation);
  await client.tokens.getToken();
  const importer = new ResultFileImporter({ db: async () => db, zuora: client });
  const warmUpStarted = performance.now();
  if (isWarm) await importer.warmUp();
  const warmUpMs = performance.now() - warmUpStarted;
  const baseline = process.memoryUsage().rss;
  // How long the server's event loop was kept waiting at worst while the file was imported.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const status = await importer.ensureSettled(args.source, 20);
  const ms = performance.now() - started;
  loop.disable();
  if (status.state !== 'ready') throw new Error(`import ended ${status.state}: ${JSON.stringify(status)}`);
  report({ ms, warmUpMs, rows: status.rowsImported, loopMaxMs: Math.round(loop.max / 1e6), loopP99Ms: Math.round(loop.percentile(99) / 1e6) }, baseline);
  await db.destroy();
}

async function papaparseContender() {
  const text = new TextDecoder().decode(Object.values(unzipSync(fs.readFileSync(args.zipFile)))[0]);
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const ms = performance.now() - started;
  report({ ms, rows: parsed.data.length - 1 }, baseline);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Latencies on the warm file: each operation as the page would call it when the view switches. */
async function queriesContender() {
  const db = await openDatabase(args.location);
  const bulkKey = args.source.bulkKey;
  const { all } = await getOutcomeCounts(db, bulkKey);
  // Cold, as the first view of the groups after a start: every exact message read and templated.
  const groupsStarted = performance.now();
  const firstGroups = await listErrorGroups(db, bulkKey, { pageSize: 100 });
  const groupsColdMs = performance.now() - groupsStarted;
  const groupPages = Math.ceil(firstGroups.totalGroups / 20);
  const templates = firstGroups.groups.map((g) => g.template);
  // Cold too: the first "Show rows" scans the failed rows once for their templates.
  const rowsStarted = performance.now();
  await queryRows(db, bulkKey, { outcome: 'failed', search: '', template: templates[0] ?? '', sort: 'row-asc', page: 1, pageSize: 50 });
  const groupRowsColdMs = performance.now() - rowsStarted;
  const filters: OutcomeFilter[] = ['all', ...RESULT_OUTCOMES];
  const random = (n: number) => Math.floor(Math.random() * n);
  const page = (outcome: OutcomeFilter, pageNumber: number, search = '', sort: (typeof ROW_SORTS)[number] = 'row-asc') => queryRows(db, bulkKey, { outcome, search, template: '', sort, page: pageNumber, pageSize: 50 });
  // 24 distinct terms, cycled: more than the match cache holds, so every search switch really scans.
  const terms = ['invoice', 'closed', 'credit memo', 'not found', 'revenue sched', 'adjustment', 'debit', 'accounting code', 'nvoice it', 'item', 'memo', 'period',
    'does not exist', 'not active', '24105', '41017', '8a8aa1b20000000000000000001', '00000000000042', '0000123', 'zzz', 'y', 'n', 'error', 'chart of'];
  const operations: Record<string, (run: number) => Promise<unknown>> = {
    'page switch (all rows, random page)': () => page('all', 1 + random(Math.ceil(all / 50))),
    'filter switch (outcome, random page)': (run) => page(filters[run % 4] ?? 'all', 1 + random(20)),
    'sort switch (4 sorts, random page)': (run) => page('all', 1 + random(Math.ceil(all / 50)), '', ROW_SORTS[run % 4]),
    'search switch (new term: rows + counts)': async (run) => {
      const term = run < 0 ? 'warm-up' : (terms[run % terms.length] ?? '');
      await page('all', 1, term);
      await getOutcomeCounts(db, bulkKey, { search: term });
    },
    'page within a search': () => page('failed', 1 + random(50), 'invoice item'),
    'row position (link to one row)': (run) => locateRow(db, bulkKey, 1 + random(all), { outcome: filters[run % 4] ?? 'all', search: '', template: '', sort: 'row-desc', pageSize: 50 }),
    'error groups (a random page of 20)': (run) => listErrorGroups(db, bulkKey, { page: run < 0 ? 1 : 1 + random(groupPages) }),
    // Every group in turn: each switch finds another group's rows, from the failures' templates kept in memory.
    'group switch (Show rows: rows + counts)': async (run) => {
      const template = templates[Math.max(0, run) % templates.length] ?? '';
      await queryRows(db, bulkKey, { outcome: 'failed', search: '', template, sort: 'row-asc', page: 1, pageSize: 50 });
      await getOutcomeCounts(db, bulkKey, { template });
    },
  };
  const baseline = process.memoryUsage().rss;
  const latencies: Record<string, { p50: number; p95: number }> = {};
  for (const [name, operation] of Object.entries(operations)) {
    await operation(-1);
    const times: number[] = [];
    for (let run = 0; run < args.runs; run++) {
      const started = performance.now();
      await operation(run);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    latencies[name] = { p50: percentile(times, 50), p95: percentile(times, 95) };
  }
  report({ latencies, groups: { coldMs: groupsColdMs, rowsColdMs: groupRowsColdMs, totalGroups: firstGroups.totalGroups, totalMessages: firstGroups.totalMessages } }, baseline);
  await db.destroy();
}

const contenders: Record<string, () => Promise<void>> = { import: () => importContender(true), 'import-cold': () => importContender(false), papaparse: papaparseContender, queries: queriesContender };
await (contenders[contender] ?? (() => Promise.reject(new Error(`unknown contender ${contender}`))))();
