// The console's production server (`npm start`): Next.js behind the front door (lib/front-door/),
// which stamps the connection's peer address and refuses oversized bodies and malformed paths before
// any route runs. `next start` alone would leave the client address to whatever the client claims.
//   node --import tsx server.ts [--port 3000] [--hostname 0.0.0.0]
import { createServer } from 'node:http';
import { format, parseArgs } from 'node:util';
import pino from 'pino';
import { frontDoor } from './lib/front-door/front-door';
import { markFrontDoorActive } from './lib/front-door/peer-address';

const { values: args } = parseArgs({
  options: { port: { type: 'string', default: process.env.PORT ?? '3000' }, hostname: { type: 'string', default: process.env.HOSTNAME ?? '0.0.0.0' } },
});
Object.assign(process.env, { NODE_ENV: 'production' });

// Every line on stdout is JSON, what Next.js and the libraries print included (a stack trace
// becomes one string, not thirty lines).
const logger = pino({ base: { app: 'mass-action-console' } });
console.log = console.info = (...parts: unknown[]) => logger.info(format(...parts));
console.warn = (...parts: unknown[]) => logger.warn(format(...parts));
console.error = (...parts: unknown[]) => logger.error(format(...parts));

async function main(): Promise<void> {
  const port = Number(args.port);
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: import.meta.dirname, hostname: args.hostname, port });
  await app.prepare();
  markFrontDoorActive();
  const handle = app.getRequestHandler();
  const server = createServer(frontDoor((req, res) => handle(req, res), (req, refusal) => logger.warn({ status: refusal.status, code: refusal.code, method: req.method }, 'request refused at the front door')));
  server.listen(port, args.hostname, () => logger.info({ url: `http://${args.hostname}:${port}` }, 'console listening'));
  // New connections stop at once; open ones (a page's event stream lasts up to a minute) get a few
  // seconds to finish, then are cut, so a deploy never waits on them.
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'the console could not start');
  process.exit(1);
});
