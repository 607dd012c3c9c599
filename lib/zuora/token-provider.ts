import 'server-only';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ZuoraError } from './errors';
import { parseErrorBody } from './error-body';
import { retryableStatus } from './retry-policy';

export interface TokenProviderOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

interface CachedToken {
  value: string;
  refreshAt: number;
}

// Zuora's samples refresh about five minutes before expiry; short-lived tokens refresh at 90% of their life.
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Holds the one OAuth token of this server. However many calls need a token at once, at most one
 * token request is in flight (Zuora rate-limits /oauth/token to 100/min per IP).
 */
export class TokenProvider {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.value;
    this.inflight ??= this.requestToken().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forget a token Zuora refused; a token already replaced by a newer one is left alone. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private async requestToken(): Promise<string> {
    const { baseUrl, clientId, clientSecret, timeoutMs, logger } = this.options;
    const started = this.now();
    const body = new URLSearchParams({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' });
    let response: Response;
    try {
      response = await this.fetchImpl(`${baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const isTimeout = cause instanceof DOMException && cause.name === 'TimeoutError';
      logger.warn({ zuora: { method: 'POST', path: '/oauth/token', error: isTimeout ? 'timeout' : 'network', durationMs: this.now() - started } }, 'zuora token call failed');
      throw new ZuoraError(isTimeout ? `Zuora did not answer the token request within ${timeoutMs} ms.` : 'Zuora could not be reached to obtain a token.', { kind: 'token', retryable: true, cause });
    }
    const requestId = response.headers.get('zuora-request-id');
    logger.info({ zuora: { method: 'POST', path: '/oauth/token', status: response.status, durationMs: this.now() - started, requestId } }, 'zuora call');

    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Handled below: a non-JSON answer is a bad response whatever the status.
    }
    if (!response.ok) {
      const { reasons, processId } = parseErrorBody(json, text);
      const message = response.status === 401 || response.status === 400
        ? 'Zuora refused the OAuth client credentials (check ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET).'
        : `Zuora answered ${response.status} to the token request.`;
      throw new ZuoraError(message, { kind: 'token', status: response.status, reasons, processId, requestId, retryable: retryableStatus(response.status) });
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) {
      throw new ZuoraError('Zuora answered the token request with something that is not a token.', { kind: 'bad_response', status: response.status, requestId });
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs * 0.1);
    this.cached = { value: parsed.data.access_token, refreshAt: started + lifetimeMs - margin };
    return parsed.data.access_token;
  }
}
