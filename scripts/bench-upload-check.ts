// npm run bench:upload-check [-- --rounds 5]
// Checks and fingerprints an upload at Zuora's 4 MB limit, as the start page does before a mass action
// is started: a 4 MB CSV (~70,000 UpdateAccountingCode rows), and a 4 MB zip (~500,000 rows, ~28 MB
// unzipped), which is also split into 4 MB parts as "the rest" of such a file would be. Each round runs
// in a fresh process, so its peak memory is its own; the median round is printed. Asserts nothing.
// (The overlap lookup against earlier uploads is to be added here.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { checkUploadFile } from '../lib/uploads/file-check';
import { MAX_UPLOAD_BYTES } from '../lib/uploads/shared/upload-size';
import { splitCsv } from '../lib/uploads/split';

const say = (line = '') => process.stdout.write(`${line}\n`);
const MB = 1024 * 1024;

interface Figures {
  rows: number;
  /** The check reads each row once, fingerprinting it as it goes. */
  checkMs: number;
  splitMs: number | null;
  parts: number | null;
  totalMs: number;
  peakRssMb: number;
  addedRssMb: number;
}

/** One round, in this process: the file's bytes in, figures out on the last line. */
function measure(file: string): void {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const checked = checkUploadFile({ name: path.basename(file), bytes, actionType: 'UpdateAccountingCode' });
  const checkedAt = performance.now();
  if (!checked.ok) throw new Error(`the bench file was refused: ${JSON.stringify(checked.problems)}`);
  let parts: number | null = null;
  if (checked.file.csv.byteLength > MAX_UPLOAD_BYTES) {
    const split = splitCsv(checked.file.csv, { bounds: checked.file.bounds });
    if (!split.ok) throw new Error(split.problem.message);
    parts = split.parts.length;
  }
  const ended = performance.now();
  const peak = process.resourceUsage().maxRSS * 1024;
  const figures: Figures = {
    rows: checked.file.rowFingerprints.length, checkMs: checkedAt - started,
    splitMs: parts === null ? null : ended - checkedAt, parts, totalMs: ended - started,
    peakRssMb: peak / MB, addedRssMb: (peak - before) / MB,
  };
  say(JSON.stringify(figures));
}

/** UpdateAccountingCode rows as a finance team's export holds them, as many as fit in `bytes`. */
function accountingCodeCsv(bytes: number): Uint8Array {
  const types = ['Invoice Item', 'Invoice Item Adjustment', 'Credit Memo Item', 'Debit Memo Item', 'Revenue Schedule'];
  const lines = ['Object Key,Object Type,Deferred Revenue Accounting Code,Recognized Revenue Accounting Code\n'];
  let size = lines[0]!.length;
  for (let i = 0; ; i++) {
    const line = `8a8aa1b2${String(i).padStart(24, '0')},${types[i % types.length]},2${String(4100 + (i % 37)).padStart(4, '0')},4${String(1000 + (i % 53)).padStart(4, '0')}\n`;
    if (size + line.length > bytes) return new TextEncoder().encode(lines.join(''));
    lines.push(line);
    size += line.length;
  }
}

/** A zip just under the limit: the CSV sized by the compression ratio of a first try. */
function fullZip(): Uint8Array {
  const zip = (csv: Uint8Array) => zipSync({ 'accounting-codes.csv': csv }, { level: 6 });
  const trial = accountingCodeCsv(24 * MB);
  const ratio = zip(trial).byteLength / trial.byteLength;
  return zip(accountingCodeCsv((MAX_UPLOAD_BYTES * 0.98) / ratio));
}

function median(runs: Figures[]): Figures {
  return [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((runs.length - 1) / 2)]!;
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, child: { type: 'string' } } });
  if (values.child) return measure(values.child);
  const rounds = Number(values.rounds);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-check-'));
  try {
    const files = [
      { label: '4 MB CSV', file: path.join(dir, 'accounting-codes.csv'), bytes: accountingCodeCsv(MAX_UPLOAD_BYTES) },
      { label: '4 MB zip', file: path.join(dir, 'accounting-codes.zip'), bytes: fullZip() },
    ];
    say(`Checking and fingerprinting uploads at Zuora's 4 MB limit, ${rounds} rounds each in a fresh process (median shown).`);
    for (const { label, file, bytes } of files) {
      fs.writeFileSync(file, bytes);
      const runs: Figures[] = [];
      for (let round = 0; round < rounds; round++) {
        const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', file], { encoding: 'utf8', maxBuffer: 16 * MB });
        const line = child.stdout.trim().split('\n').pop() ?? '';
        if (child.status !== 0 || !line.startsWith('{')) throw new Error(`round ${round + 1} failed: ${child.stderr.slice(-800)}`);
        runs.push(JSON.parse(line) as Figures);
      }
      const m = median(runs);
      const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
      say();
      say(`${label}: ${(bytes.byteLength / MB).toFixed(2)} MB, ${m.rows.toLocaleString('en-US')} rows`);
      say(`  check and fingerprints ${ms(m.checkMs)}${m.splitMs === null ? '' : ` · split into ${m.parts} parts ${ms(m.splitMs)}`} · total ${ms(m.totalMs)} (all rounds: ${runs.map((r) => Math.round(r.totalMs)).join(', ')} ms)`);
      say(`  peak memory ${m.peakRssMb.toFixed(0)} MB RSS, ${m.addedRssMb.toFixed(0)} MB of it added by the check`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
