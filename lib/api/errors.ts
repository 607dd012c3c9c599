import 'server-only';
import { NextResponse } from 'next/server';
import { ConfigError } from '../config';
import { getLogger } from '../log';
import { ResultFileError } from '../result-files/errors';
import { ZuoraError } from '../zuora/errors';
import { ApiError } from './api-error';
import { assertSameOrigin } from './same-origin';

export { ApiError };

export interface ApiErrorBody {
  error: { code: string; message: string; zuoraRequestId?: string | null; zuoraTrackId?: string | null };
}

function zuoraStatus(error: ZuoraError): number {
  if (error.kind === 'timeout') return 504;
  if (error.status === 404) return 404;
  if (error.kind === 'refused' || (error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429)) return 409;
  if (error.status === 429 || error.status === 503) return 503;
  return 502;
}

/** The one mapping from a thrown error to `{ error: { code, message } }` with its status. */
export function toErrorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (error instanceof ApiError) {
    const headers = error.retryAfterSeconds === null ? undefined : { 'Retry-After': String(error.retryAfterSeconds) };
    return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
  }
  if (error instanceof ZuoraError) {
    return NextResponse.json(
      { error: { code: `zuora_${error.kind}`, message: error.message, zuoraRequestId: error.requestId, zuoraTrackId: error.trackId } },
      { status: zuoraStatus(error) },
    );
  }
  if (error instanceof ResultFileError) {
    const status = error.code === 'not_ready' ? 409 : error.code === 'no_result_file' ? 404 : error.retryable ? 502 : 422;
    return NextResponse.json({ error: { code: `result_file_${error.code}`, message: error.message } }, { status });
  }
  if (error instanceof ConfigError) {
    getLogger().error({ err: error.message }, 'configuration error');
    return NextResponse.json({ error: { code: 'misconfigured', message: 'The console is misconfigured; the server log says what to fix.' } }, { status: 500 });
  }
  getLogger().error({ err: error }, 'unexpected error');
  return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong in the console; the server log has the details.' } }, { status: 500 });
}

/**
 * Wraps every route handler: refuses cross-origin state changes before the handler runs, and
 * answers every failure in the one error shape.
 */
export function withErrors<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      assertSameOrigin(args[0]);
      return await handler(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
