// npm run db:copy -- --from data/console.sqlite --to postgres://user@host:5432/console
// Moves an embedded database to an empty PostgreSQL database (lib/db/copy.ts). The URL's password
// (or PGPASSWORD, which node-postgres reads when the URL has none) never appears in the output.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyDatabase, CopyError } from '../lib/db/copy';
import { withoutSecrets } from '../lib/db/postgres';

const USAGE = 'Usage: npm run db:copy -- --from <console.sqlite> --to postgres://user:password@host:5432/database';

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The command; answers its exit code. Exported so the tests run it without a process of its own. */
export async function dbCopyCommand(argv: string[], io: Output, cwd = process.cwd()): Promise<number> {
  // Every message goes through this, an option parser's too: whatever was typed, no password gets out.
  const urls = argv.map((arg) => arg.replace(/^--?[\w-]+=/, '')).filter(hasPassword);
  const redact = (text: string) => urls.reduce((acc, url) => withoutSecrets(acc, url), text);
  let from: string;
  let to: string;
  try {
    const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (!values.from || !values.to) throw new Error(`${values.from ? '--to' : '--from'} is required`);
    from = path.resolve(cwd, values.from);
    to = values.to;
  } catch (error) {
    io.err(redact(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`));
    return 2;
  }

  io.out(`Copying ${from} to PostgreSQL…`);
  try {
    const report = await copyDatabase({ from, to, onTable: (table, rows) => io.out(`  ${table.padEnd(20)} ${count(rows).padStart(12)} rows`) });
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    const next = Object.entries(report.nextIds).map(([table, id]) => `${table} ${id}`).join(', ');
    io.out(`Committed to ${report.target}: ${count(rows)} rows, ${megabytes(report.rawZipBytes)} of raw result zips, in ${(report.ms / 1000).toFixed(1)} s.`);
    io.out(`New ids continue from: ${next}.`);
    io.out(`The SQLite file is unchanged. Point the console at the target with DATABASE_URL.`);
    return 0;
  } catch (error) {
    const message = error instanceof CopyError ? error.message : `the copy failed: ${error instanceof Error ? error.message : String(error)}`;
    io.err(redact(message));
    return 1;
  }
}

function hasPassword(arg: string): boolean {
  try {
    return new URL(arg).password !== '';
  } catch {
    return false;
  }
}

const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  // npm runs scripts from the project folder; INIT_CWD is where the command was typed, what --from is relative to.
  const code = await dbCopyCommand(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) }, process.env.INIT_CWD ?? process.cwd());
  process.exitCode = code;
}
