import 'server-only';
import { BrandedError } from '../branded-error';
import { ZuoraError } from '../zuora/errors';
import type { ResultFileErrorCode, ResultFileFailure } from './shared/types';

/** Everything that can go wrong with a result file, in words an operator can act on. */
export class ResultFileError extends BrandedError {
  static readonly brand = 'ResultFileError';

  readonly code: ResultFileErrorCode;
  readonly retryable: boolean;

  constructor(code: ResultFileErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  toFailure(): ResultFileFailure {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Any failure of an import as a ResultFileError; Zuora's own errors keep their message. */
export function asResultFileError(error: unknown): ResultFileError {
  if (error instanceof ResultFileError) return error;
  if (error instanceof ZuoraError) {
    if (error.kind === 'foreign_host') return new ResultFileError('foreign_host', error.message, { cause: error });
    return new ResultFileError('download_failed', `The result file could not be downloaded: ${error.message}`, { retryable: true, cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ResultFileError('internal', `The result file could not be imported (internal error: ${detail}).`, { retryable: true, cause: error });
}
