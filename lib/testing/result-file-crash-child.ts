// A console process that dies in the middle of an import: started by interrupted.test.ts with
// `node --conditions=react-server --import tsx`, killed with SIGKILL once it says "stalled".
import fs from 'node:fs';
import { openDatabase } from '../db/database';
import { ResultFileImporter } from '../result-files/import/importer';
import { FAKE_SOURCE, fakeZuora } from './result-files';

const [dbFile = '', zipFile = ''] = process.argv.slice(2);
const zip = fs.readFileSync(zipFile);
const half = Math.floor(zip.byteLength / 2);

// Half the zip, then nothing ever again: the import stays mid-way until the process is killed.
const fake = fakeZuora(() => new Response(new ReadableStream({
  start(controller) {
    for (let at = 0; at < half; at += 16 * 1024) controller.enqueue(zip.subarray(at, Math.min(at + 16 * 1024, half)));
  },
  pull: () => new Promise<void>(() => undefined),
})));

const db = await openDatabase(dbFile);
const importer = new ResultFileImporter({ db: async () => db, zuora: fake.zuora });
await importer.ensure(FAKE_SOURCE);
for (;;) {
  const row = await db.selectFrom('result_imports').select('rows_imported').executeTakeFirst();
  if ((row?.rows_imported ?? 0) > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write('stalled\n');
setInterval(() => undefined, 1000); // stay alive, mid-import, until killed
