import 'server-only';
import type { Logger } from 'pino';
import { getConfig, type ZuoraConfig } from '../config';
import { getLogger } from '../log';
import { ZuoraHttpClient } from './http-client';
import { massActionOperations } from './mass-actions';
import type { BackoffOptions } from './retry-policy';
import { TokenProvider } from './token-provider';

export interface ZuoraClientOptions {
  config: ZuoraConfig;
  logger: Logger;
  backoff?: BackoffOptions;
  fetch?: typeof fetch;
  now?: () => number;
}

export function createZuoraClient({ config, logger, backoff, fetch, now }: ZuoraClientOptions) {
  const tokens = new TokenProvider({ ...config, logger, fetch, now });
  const http = new ZuoraHttpClient({ ...config, logger, tokens, backoff, fetch });
  return { tokens, ...massActionOperations(http, config.origin) };
}

export type ZuoraClient = ReturnType<typeof createZuoraClient>;

// One client per server process, so the token and its single flight are shared by every request.
const globalForZuora = globalThis as unknown as { zuoraClient?: ZuoraClient };

export function getZuoraClient(): ZuoraClient {
  globalForZuora.zuoraClient ??= createZuoraClient({ config: getConfig().zuora, logger: getLogger().child({ component: 'zuora' }) });
  return globalForZuora.zuoraClient;
}
