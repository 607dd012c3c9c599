import 'server-only';
import { z } from 'zod';
import type { ZuoraReason } from './errors';

const reasonsBody = z.object({
  success: z.boolean().optional(),
  processId: z.string().nullish(),
  reasons: z.array(z.object({ code: z.union([z.string(), z.number()]).transform(String), message: z.string().catch('') })).nullish(),
  // The other 401 shape, and what gateways answer.
  message: z.string().nullish(),
});

export interface ParsedErrorBody {
  reasons: ZuoraReason[];
  processId: string | null;
}

/** Reads any of Zuora's error bodies; a body that is none of them still yields a readable reason. */
export function parseErrorBody(body: unknown, fallbackText: string): ParsedErrorBody {
  const parsed = reasonsBody.safeParse(body);
  if (parsed.success) {
    const reasons = parsed.data.reasons ?? [];
    if (reasons.length === 0 && parsed.data.message) reasons.push({ code: '', message: parsed.data.message });
    return { reasons, processId: parsed.data.processId ?? null };
  }
  const text = fallbackText.trim().slice(0, 200);
  return { reasons: text ? [{ code: '', message: text }] : [], processId: null };
}

/** Zuora's reasons as Zuora worded them, each with its code: "Message (code 58100322); …". */
export function quoteReasons(reasons: ZuoraReason[]): string {
  return reasons.map((r) => (r.code ? `${r.message} (code ${r.code})` : r.message)).filter(Boolean).join('; ');
}

// Categories Zuora documents as worth retrying: locking contention, internal, temporary, concurrency limit, external.
const RETRYABLE_CATEGORIES = new Set([50, 60, 61, 70, 99]);

export function hasRetryableCategory(reasons: ZuoraReason[]): boolean {
  return reasons.some((r) => /^\d{8}$/.test(r.code) && RETRYABLE_CATEGORIES.has(Number(r.code.slice(-2))));
}
