import 'server-only';
import { BrandedError } from '../branded-error';

export interface ZuoraReason {
  /** Zuora's 8-digit code, kept as a string (Zuora sends strings or numbers). */
  code: string;
  message: string;
}

export type ZuoraErrorKind =
  | 'http' // a non-2xx answer
  | 'refused' // 200 with success: false
  | 'network'
  | 'timeout'
  | 'bad_response' // not the JSON we expect
  | 'foreign_host' // a URL that is not on the configured Zuora origin
  | 'token' // the OAuth token could not be obtained
  | 'replayed_without_key'; // a 409 replay of an upload that gives no bulk key: a mass action may exist unknown

export interface ZuoraErrorDetails {
  kind: ZuoraErrorKind;
  status?: number | null;
  reasons?: ZuoraReason[];
  processId?: string | null;
  requestId?: string | null;
  trackId?: string | null;
  retryable?: boolean;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** Every failure of a Zuora call, with what support needs (request and track ids) and whether retrying helps. */
export class ZuoraError extends BrandedError {
  static readonly brand = 'ZuoraError';

  readonly kind: ZuoraErrorKind;
  readonly status: number | null;
  readonly reasons: ZuoraReason[];
  readonly processId: string | null;
  readonly requestId: string | null;
  readonly trackId: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(message: string, details: ZuoraErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.status = details.status ?? null;
    this.reasons = details.reasons ?? [];
    this.processId = details.processId ?? null;
    this.requestId = details.requestId ?? null;
    this.trackId = details.trackId ?? null;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  /** The last two digits of each code: Zuora's error category (10 permission … 99 external). */
  get categories(): number[] {
    return this.reasons.map((r) => Number(r.code.slice(-2))).filter((n) => Number.isFinite(n));
  }
}
