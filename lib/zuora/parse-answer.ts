import 'server-only';
import type { z } from 'zod';
import { ZuoraError } from './errors';
import type { CallMeta } from './http-client';

/** Zuora's answer read through its schema; one that differs from Zuora's API is a bad_response. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string, meta: CallMeta): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problem = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ');
  throw new ZuoraError(`Zuora's answer to ${what} is not what its API describes: ${problem}.`, {
    kind: 'bad_response', status: meta.status, requestId: meta.requestId, trackId: meta.trackId,
  });
}
