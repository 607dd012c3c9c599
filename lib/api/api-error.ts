import 'server-only';
import { BrandedError } from '../branded-error';
/** An expected failure with the HTTP status and the sentence the user reads. */
export class ApiError extends BrandedError {
  static readonly brand = 'ApiError';

  readonly retryAfterSeconds: number | null;

  constructor(public readonly status: number, public readonly code: string, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}
