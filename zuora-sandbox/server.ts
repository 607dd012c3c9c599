import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UploadBehaviour } from './behaviour';
import { handleControl } from './control-routes';
import { FaultState } from './faults';
import { applyZuoraHeaders, RequestMeter } from './headers';
import { IdempotencyLedger } from './idempotency';
import { MassActionStore } from './mass-actions';
import { TokenStore } from './oauth';
import { delayAnswer, sendError } from './respond';
import { matchRoute, serverErrorBody } from './routes';
import { SandboxClock, type SandboxContext } from './sandbox-context';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './sandbox-credentials';
import { SandboxStats } from './stats';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

export type { UploadBehaviour } from './behaviour';

export { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './sandbox-credentials';

export interface SandboxOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  defaultBehaviour?: Partial<UploadBehaviour>;
  now?: () => number;
}

export interface Sandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function applyV1Faults(context: SandboxContext): Promise<void> {
  const fault = context.faults.takeV1Fault();
  if (fault?.kind === 'rateLimit') {
    throw new ZuoraError(429, RESOURCE.unknown, CATEGORY.limitExceeded, 'The total number of concurrent requests has exceeded the limit allowed by the system. Please resubmit your request later.', {
      headers: { 'Retry-After': String(fault.retryAfterSeconds), 'RateLimit-Remaining': '0' },
    });
  }
  if (fault?.kind === 'serverError') {
    throw new ZuoraError(fault.status, RESOURCE.unknown, CATEGORY.internal, 'Injected server error', { body: serverErrorBody(fault.status) });
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, context: SandboxContext): Promise<void> {
  context.meter.inFlight += 1;
  res.once('close', () => {
    context.meter.inFlight -= 1;
  });
  // A client hanging up mid-body must cost its own request only, never the process.
  req.on('error', () => undefined);
  applyZuoraHeaders(req, res, context.meter);
  try {
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    if (path.startsWith('/__sandbox/')) {
      await handleControl(req, res, context, path);
      return;
    }
    const { route, params } = matchRoute(req.method ?? 'GET', path);
    context.stats.record(`${route.method} ${route.template}`, params['bulk-key']);
    const { latencyMs } = context.faults.current();
    if (latencyMs > 0) await sleep(latencyMs);
    if (route.template.startsWith('/v1/')) {
      await applyV1Faults(context);
      const slowAnswerMs = context.faults.takeSlowAnswer();
      if (slowAnswerMs !== null) delayAnswer(res, slowAnswerMs);
    }
    await route.handle({ req, res, context, params });
  } catch (error) {
    sendError(req, res, error);
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new SandboxClock(options.now ?? Date.now);
  const context: SandboxContext = {
    clock,
    credentials: { clientId: options.clientId ?? SANDBOX_CLIENT_ID, clientSecret: options.clientSecret ?? SANDBOX_CLIENT_SECRET },
    defaultBehaviour: options.defaultBehaviour ?? {},
    behaviourOverrides: {},
    tokens: new TokenStore(clock.now, options.tokenLifetimeSeconds ?? 3599),
    faults: new FaultState(),
    stats: new SandboxStats(),
    actions: new MassActionStore(),
    idempotency: new IdempotencyLedger(),
    meter: new RequestMeter(clock.now),
    baseUrl: '',
  };
  const server = createServer((req, res) => {
    void handle(req, res, context);
  });
  // Zuora's edge gives up after 120 s; a slow client must not hold a socket longer.
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: context.baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
