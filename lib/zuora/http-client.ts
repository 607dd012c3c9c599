import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ZuoraError } from './errors';
import { hasRetryableCategory, parseErrorBody, quoteReasons } from './error-body';
import { RateHeadroom } from './rate-headroom';
import { backoffDelay, DEFAULT_BACKOFF, mayResend, mayRetry, parseRetryAfter, retryableStatus, type BackoffOptions } from './retry-policy';
import type { TokenProvider } from './token-provider';

export interface HttpClientOptions {
  baseUrl: string;
  entityId?: string;
  orgIds?: string[];
  version?: string;
  timeoutMs: number;
  maxRetries: number;
  logger: Logger;
  tokens: TokenProvider;
  backoff?: BackoffOptions;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Zuora's stated rate budget, shared by every call of this client (rate-headroom.ts). */
  headroom?: RateHeadroom;
}

export interface ZuoraRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** An absolute path on the Zuora origin, built from validated parts only. */
  path: string;
  body?: FormData;
  /** Sent on POST only (Zuora takes it there only); the one thing that makes a POST safe to repeat. */
  idempotencyKey?: string;
  /** GET/PUT: safe to send again after a timeout or a 5xx, which may have been processed. Ignored for POST. */
  idempotent: boolean;
  /** Statuses besides 2xx that answer this call rather than fail it (409: Zuora replaying an Idempotency-Key). */
  answerStatuses?: readonly number[];
}

/** Identifies a call for logs, the audit trail and Zuora support. */
export interface CallMeta {
  trackId: string;
  requestId: string | null;
  status: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ZuoraHttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoff: BackoffOptions;
  private readonly headroom: RateHeadroom;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.headroom = options.headroom ?? new RateHeadroom({ sleep: this.sleep });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /**
   * A JSON call: answers the parsed body, or throws a ZuoraError (200 with success: false included).
   * An answer status (see ZuoraRequest) is the caller's to read: its body (null when not JSON) and text.
   */
  async requestJson(request: ZuoraRequest): Promise<{ body: unknown; text: string; meta: CallMeta }> {
    return this.withRetries(request, async (response, meta) => {
      const text = await response.text();
      const json = parseJson(text);
      if (!response.ok) return { body: json.ok ? json.body : null, text, meta };
      if (!json.ok) {
        throw new ZuoraError(`Zuora answered ${request.method} ${request.path} with something that is not JSON.`, {
          kind: 'bad_response', status: response.status, requestId: meta.requestId, trackId: meta.trackId,
        });
      }
      const { body } = json;
      if (isRefusal(body)) {
        const { reasons, processId } = parseErrorBody(body, text);
        throw new ZuoraError(describe(request, response.status, reasons), {
          kind: 'refused', status: response.status, reasons, processId, requestId: meta.requestId, trackId: meta.trackId,
          retryable: hasRetryableCategory(reasons),
        });
      }
      return { body, text, meta };
    });
  }

  /** A download: answers the open response once Zuora said 2xx; the caller reads (and bounds) the body. */
  async requestStream(request: ZuoraRequest): Promise<{ response: Response; meta: CallMeta }> {
    return this.withRetries(request, async (response, meta) => ({ response, meta }));
  }

  private async withRetries<T>(request: ZuoraRequest, onSuccess: (response: Response, meta: CallMeta) => Promise<T>): Promise<T> {
    let hasRenewedToken = false;
    for (let attempt = 0; ; attempt++) {
      let token: string | null = null;
      try {
        token = await this.options.tokens.getToken();
        const { response, meta } = await this.send(request, token);
        if (response.status === 401 && !hasRenewedToken) {
          // Expired or revoked: one new token, one more try (Zuora's guidance), if the call may be resent.
          this.options.tokens.invalidate(token);
          hasRenewedToken = true;
          if (mayResend(request)) {
            await response.body?.cancel();
            attempt--;
            continue;
          }
        }
        if (!response.ok && !request.answerStatuses?.includes(response.status)) throw await errorFromResponse(request, response, meta);
        return await onSuccess(response, meta);
      } catch (error) {
        const zuoraError = error instanceof ZuoraError ? error : unexpected(request, error);
        if (!this.shouldRetry(request, zuoraError, attempt)) throw zuoraError;
        await this.sleep(this.delayFor(zuoraError, attempt));
      }
    }
  }

  private shouldRetry(request: ZuoraRequest, error: ZuoraError, attempt: number): boolean {
    if (!error.retryable || attempt >= this.options.maxRetries) return false;
    if (error.retryAfterMs != null && error.retryAfterMs > this.backoff.maxRetryAfterMs) return false;
    return mayRetry(request, error);
  }

  private delayFor(error: ZuoraError, attempt: number): number {
    return error.retryAfterMs ?? backoffDelay(attempt, this.backoff);
  }

  private async send(request: ZuoraRequest, token: string): Promise<{ response: Response; meta: CallMeta }> {
    const { baseUrl, timeoutMs, logger } = this.options;
    await this.headroom.waitForTurn();
    const trackId = `mac-${randomUUID()}`;
    const started = performance.now();
    const log = { method: request.method, path: request.path, trackId };
    let response: Response;
    try {
      response = await this.fetchImpl(baseUrl + request.path, {
        method: request.method,
        headers: this.headersFor(request, token, trackId),
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const isTimeout = cause instanceof DOMException && cause.name === 'TimeoutError';
      logger.warn({ zuora: { ...log, error: isTimeout ? 'timeout' : 'network', durationMs: Math.round(performance.now() - started) } }, 'zuora call failed');
      throw new ZuoraError(
        isTimeout ? `Zuora did not answer ${request.method} ${request.path} within ${timeoutMs} ms.` : `Zuora could not be reached for ${request.method} ${request.path}.`,
        { kind: isTimeout ? 'timeout' : 'network', trackId, retryable: true, cause },
      );
    }
    this.headroom.observe(response.headers, response.status);
    const requestId = response.headers.get('zuora-request-id');
    logger.info({ zuora: { ...log, status: response.status, durationMs: Math.round(performance.now() - started), requestId } }, 'zuora call');
    return { response, meta: { trackId, requestId, status: response.status } };
  }

  private headersFor(request: ZuoraRequest, token: string, trackId: string): Headers {
    const { entityId, orgIds, version } = this.options;
    const headers = new Headers({
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'zuora-track-id': trackId,
    });
    if (entityId) headers.set('zuora-entity-ids', entityId);
    if (orgIds?.length) headers.set('zuora-org-ids', orgIds.join(','));
    if (version) headers.set('zuora-version', version);
    if (request.idempotencyKey && request.method === 'POST') headers.set('idempotency-key', request.idempotencyKey);
    return headers;
  }
}

function parseJson(text: string): { ok: true; body: unknown } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isRefusal(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
}

async function errorFromResponse(request: ZuoraRequest, response: Response, meta: CallMeta): Promise<ZuoraError> {
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Gateways answer HTML; parseErrorBody keeps a short excerpt of it.
  }
  const { reasons, processId } = parseErrorBody(json, text);
  return new ZuoraError(describe(request, response.status, reasons), {
    kind: 'http', status: response.status, reasons, processId, requestId: meta.requestId, trackId: meta.trackId,
    retryable: retryableStatus(response.status) || hasRetryableCategory(reasons),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

function describe(request: ZuoraRequest, status: number, reasons: { code: string; message: string }[]): string {
  const said = quoteReasons(reasons);
  return `Zuora answered ${status} to ${request.method} ${request.path}${said ? `: ${said}` : '.'}`;
}

function unexpected(request: ZuoraRequest, cause: unknown): ZuoraError {
  return new ZuoraError(`The call ${request.method} ${request.path} failed unexpectedly.`, { kind: 'network', cause });
}
