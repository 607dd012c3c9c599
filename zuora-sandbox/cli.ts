// npm run sandbox [-- --port 4010]: the Zuora sandbox on its own, for the console, e2e runs or curl.
import { parseArgs } from 'node:util';
import { startSandbox } from './server';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const portText = values.port ?? process.env.SANDBOX_PORT ?? '0';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`[zuora-sandbox] invalid port: ${portText}\n`);
  process.exit(2);
}

const sandbox = await startSandbox({ port });
// One JSON line on stdout is the readiness signal scripts wait for; nothing secret is printed.
process.stdout.write(`${JSON.stringify({ sandbox: 'ready', url: sandbox.url })}\n`);

let isClosing = false;
async function shutDown(): Promise<void> {
  if (isClosing) return;
  isClosing = true;
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutDown());
process.on('SIGTERM', () => void shutDown());
