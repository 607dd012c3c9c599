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

// After a failed token request (wrong secret, Zuora down) nobody asks again until this back-off ends,
// so callers that need no session (GET /api/health) cannot drive /oauth/token (100/min per IP). It
// starts at 5 s and doubles with each failure in a row up to 2 minutes (5, 10, 20, 40, 80, 120 s…),
// each drawn from the upper half of its range so that consoles sharing an address spread out:
// 2.5–5 s after the first failure, 60–120 s once at the cap.
export const TOKEN_FAILURE_BACKOFF = { firstMs: 5_000, maxMs: 120_000 };

/** The back-off after `failures` failed token requests in a row. */
export function tokenFailureBackoffMs(failures: number, random: () => number = Math.random): number {
  const nominal = Math.min(TOKEN_FAILURE_BACKOFF.maxMs, TOKEN_FAILURE_BACKOFF.firstMs * 2 ** (failures - 1));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

interface TokenFailure {
  /** Thrown to every caller until `retryAt`; not retryable, as asking again sooner only answers it again. */
  error: ZuoraError;
  failures: number;
  retryAt: number;
}

/**
 * Holds the one OAuth token of this server. However many calls need a token at once, at most one
 * token request is in flight (Zuora rate-limits /oauth/token to 100/min per IP), and none during the
 * back-off after a failure.
 */
export class TokenProvider {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private failure: TokenFailure | null = null;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.value;
    if (this.failure && this.now() < this.failure.retryAt) throw this.failure.error;
    this.inflight ??= this.requestToken()
      .then(
        (token) => {
          this.failure = null;
          return token;
        },
        (error: unknown) => {
          throw this.rememberFailure(error);
        },
      )
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** Forget a token Zuora refused; a token already replaced by a newer one is left alone. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private rememberFailure(error: unknown): ZuoraError {
    const failed = error instanceof ZuoraError ? error : new ZuoraError('The token request failed unexpectedly.', { kind: 'token', cause: error });
    const failures = (this.failure?.failures ?? 0) + 1;
    const backoffMs = tokenFailureBackoffMs(failures);
    this.options.logger.warn({ zuora: { path: '/oauth/token', failures, backoffMs } }, 'zuora token not asked for again until the back-off ends');
    this.failure = {
      failures,
      retryAt: this.now() + backoffMs,
      error: new ZuoraError(failed.message, { kind: failed.kind, status: failed.status, reasons: failed.reasons, processId: failed.processId, requestId: failed.requestId, retryable: false, cause: failed }),
    };
    return this.failure.error;
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
