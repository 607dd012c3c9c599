// A console process that stalls in the middle of an import: started by interrupted.test.ts with
// `node --conditions=react-server --import tsx` and one JSON argument (ChildArguments). It says
// "stalled" once its first rows are stored; then it is killed with SIGKILL, or (resumable) it waits
// for "resume" on stdin, lets the rest of the zip through and says how its import ended.
import fs from 'node:fs';
import readline from 'node:readline';
import { openDatabase, type DatabaseLocation } from '../db/database';
import { ResultFileImporter } from '../result-files/import/importer';
import { captureLogs } from './log-capture';
import { FAKE_SOURCE, fakeZuora } from './result-files';

export interface ChildArguments {
  location: DatabaseLocation;
  zipFile: string;
  /** A long one stands for a process that stopped reporting progress while still alive. */
  heartbeatMs?: number;
  isResumable?: boolean;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArguments;
const zip = fs.readFileSync(args.zipFile);
const half = Math.floor(zip.byteLength / 2);
let resume = () => {};
const resumed = new Promise<void>((resolve) => (resume = resolve));

// Half the zip, then nothing until resumed (for ever, unless resumable).
const fake = fakeZuora(() => {
  let at = 0;
  return new Response(new ReadableStream({
    async pull(controller) {
      if (at >= half) await resumed;
      if (at >= zip.byteLength) return controller.close();
      const end = at < half ? Math.min(at + 16 * 1024, half) : Math.min(at + 16 * 1024, zip.byteLength);
      controller.enqueue(zip.subarray(at, end));
      at = end;
    },
  }));
});

const db = await openDatabase(args.location);
const logs = captureLogs();
const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora, logger: logs.logger, heartbeatMs: args.heartbeatMs });
await importer.ensure(FAKE_SOURCE);
for (;;) {
  const row = await db.selectFrom('result_imports').select('rows_imported').executeTakeFirst();
  if ((row?.rows_imported ?? 0) > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write('stalled\n');

if (args.isResumable) {
  const input = readline.createInterface({ input: process.stdin });
  input.on('line', (line) => line === 'resume' && resume());
  await resumed;
  input.close();
  // The flight under way ends first (recorded, or found taken over), then the file's status as it stands.
  const status = await importer.ensureSettled(FAKE_SOURCE, 20);
  const isTakenOver = logs.lines.some((line) => line.includes('result file import taken over'));
  process.stdout.write(`${JSON.stringify({ isTakenOver, status })}\n`);
  await db.destroy();
} else {
  setInterval(() => undefined, 1000); // stay alive, mid-import, until killed
}
