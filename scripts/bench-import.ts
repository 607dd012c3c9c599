// npm run bench:import [-- --rows 500000 --rounds 3 --runs 50]
// Imports a result file of the sandbox (500,000 UpdateAccountingCode rows by default) and compares it,
// on the same file, with papaparse parsing the unzipped text in memory and with `unzip -p | wc -l`
// (the floor). Each contender runs in its own process so memory figures do not mix, alternately for
// a few rounds, and the medians are compared: on a shared machine one run of either can be 25% off.
// Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../lib/log';
import type { ResultFileSource } from '../lib/result-files/import/importer';
import { createZuoraClient } from '../lib/zuora/client';
import { accountingCodeRows, csvFile, zipped } from '../zuora-sandbox/scenario-files';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../zuora-sandbox/server';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '500000' }, rounds: { type: 'string', default: '3' }, runs: { type: 'string', default: '50' } } });
const rowCount = Number(values.rows);
const UPLOAD_LIMIT = 4 * 1024 * 1024;

const say = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;

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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const sandbox = await startSandbox({ port: 0 });
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
    const args = { dbFile: path.join(dir, 'console.sqlite'), zipFile, sandboxUrl: sandbox.url, source, runs: Number(values.runs) };

    say(`Result file: ${rowCount.toLocaleString('en-US')} rows of UpdateAccountingCode (upload ${(upload.bytes.byteLength / 1048576).toFixed(1)} MB zipped), ` +
      `result zip ${(fs.statSync(zipFile).size / 1048576).toFixed(1)} MB, Zuora counts ${state.successCount} succeeded / ${state.errorCount} failed. Node ${process.version}, ${os.cpus().length} cores.`);
    const papaparses: Record<string, unknown>[] = [];
    const imports: Record<string, unknown>[] = [];
    for (let round = 1; round <= Number(values.rounds); round++) {
      papaparses.push(await runChild('papaparse', args));
      imports.push(await runChild('import', { ...args, dbFile: path.join(dir, `console-${round}.sqlite`) }));
    }
    const papaparse = median(papaparses);
    const imported = median(imports);
    const cold = await runChild('import-cold', args);
    const base = floor(zipFile);
    const ratio = (imported.ms as number) / (papaparse.ms as number);
    say();
    const all = (runs: Record<string, unknown>[]) => runs.map((r) => Math.round(r.ms as number).toLocaleString('en-US')).join(', ');
    say(`Import (download + unzip + UTF-8 check + CSV parse + store), each contender in its own process; medians of ${values.rounds} rounds:`);
    say(`  console import            ${ms(imported.ms as number).padStart(10)}   ${String(imported.rows)} rows   peak RSS growth ${String(imported.peakRssGrowthMb)} MB   (target < 150 MB: ${(imported.peakRssGrowthMb as number) < 150 ? 'met' : 'NOT met'})`);
    say(`                            its two threads started ahead, as a running console keeps them (that took ${ms(imported.warmUpMs as number)}, not counted)`);
    say(`                            event loop during the import: max delay ${String(imported.loopMaxMs)} ms, p99 ${String(imported.loopP99Ms)} ms`);
    say(`  console import, cold      ${ms(cold.ms as number).padStart(10)}   ${String(cold.rows)} rows   peak RSS growth ${String(cold.peakRssGrowthMb)} MB   (the first import after a start: threads booted meanwhile)`);
    say(`  papaparse, in memory      ${ms(papaparse.ms as number).padStart(10)}   ${String(papaparse.rows)} rows   peak RSS growth ${String(papaparse.peakRssGrowthMb)} MB   (parse of the unzipped text only)`);
    say(`  every round (ms): console import ${all(imports)}; papaparse ${all(papaparses)}`);
    say(`  floor: unzip -p | wc -l   ${typeof base === 'string' ? base : `${ms(base.ms).padStart(10)}   ${base.lines} lines`}`);
    say(`  import / papaparse = ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}); cold ${((cold.ms as number) / (papaparse.ms as number)).toFixed(2)}x`);

    const { latencies, groups } = (await runChild('queries', { ...args, dbFile: path.join(dir, 'console-1.sqlite') })) as {
      latencies: Record<string, { p50: number; p95: number }>;
      groups: { coldMs: number; rowsColdMs: number; totalGroups: number; totalMessages: number };
    };
    say();
    say(`Error groups: ${groups.totalMessages.toLocaleString('en-US')} distinct messages in ${groups.totalGroups.toLocaleString('en-US')} groups, grouped in ${ms(groups.coldMs)} on their first view; ` +
      `the first "Show rows" took ${ms(groups.rowsColdMs)} (cold: the failed rows' templates are read once)`);
    say(`Queries on the warm file, ${values.runs} runs each (target p95 < 100 ms):`);
    for (const [name, { p50, p95 }] of Object.entries(latencies)) {
      say(`  ${name.padEnd(42)} p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms   ${p95 < 100 ? 'met' : 'NOT met'}`);
    }
  } finally {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
