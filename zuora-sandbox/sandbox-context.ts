import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadBehaviour } from './behaviour';
import type { FaultState } from './faults';
import type { RequestMeter } from './headers';
import type { IdempotencyLedger } from './idempotency';
import type { MassActionStore } from './mass-actions';
import type { ClientCredentials, TokenStore } from './oauth';
import type { SandboxStats } from './stats';

/** The sandbox clock: the `now` option plus whatever POST /__sandbox/clock added. */
export class SandboxClock {
  offsetMs = 0;

  constructor(private readonly source: () => number) {}

  readonly now = (): number => this.source() + this.offsetMs;
}

/** Everything one running sandbox holds; handlers get it rather than reaching for globals. */
export interface SandboxContext {
  clock: SandboxClock;
  credentials: ClientCredentials;
  defaultBehaviour: Partial<UploadBehaviour>;
  /** set through POST /__sandbox/behaviour: for uploads a test cannot add a header to (the console's) */
  behaviourOverrides: Partial<UploadBehaviour>;
  tokens: TokenStore;
  faults: FaultState;
  stats: SandboxStats;
  actions: MassActionStore;
  idempotency: IdempotencyLedger;
  meter: RequestMeter;
  baseUrl: string;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  context: SandboxContext;
  params: Record<string, string>;
}

export type RouteHandler = (request: RouteRequest) => Promise<void>;
