import { z } from 'zod';

// Faults the control API can inject into the next /v1 or token calls. Counted ones wear off.

/**
 * How POST /v1/bulk answers a known Idempotency-Key. The project's README says 409 with the original
 * body; Zuora's developer guide says a replay returns "the same result" (so perhaps a 200), and that a
 * 409 usually means the first request with the key is still in progress (an error body, no bulk key).
 */
export const REPLAY_ANSWERS = ['original-409', 'original-200', 'in-progress-409'] as const;
export type ReplayAnswer = (typeof REPLAY_ANSWERS)[number];
export const faultsRequestSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    rateLimit: z.object({ count: z.number().int().min(0), retryAfterSeconds: z.number().int().min(0) }).strict().nullable().optional(),
    serverError: z
      .object({ count: z.number().int().min(0), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]) })
      .strict()
      .nullable()
      .optional(),
    revokeTokens: z.literal(true).optional(),
    resultFile: z.enum(['truncated', 'corrupt']).nullable().optional(),
    foreignOutputUrl: z.boolean().optional(),
    tokenError: z
      .object({ count: z.number().int().min(0), status: z.union([z.literal(401), z.literal(500)]) })
      .strict()
      .nullable()
      .optional(),
    // Unlike latencyMs (a wait before the call is handled), the next N /v1 calls are handled at once
    // and only their answers wait: a client that times out meanwhile misses work that was done.
    slowAnswer: z.object({ count: z.number().int().min(0), ms: z.number().int().min(0).max(120_000) }).strict().nullable().optional(),
    replay: z.enum(REPLAY_ANSWERS).optional(),
  })
  .strict();

export type FaultsRequest = z.infer<typeof faultsRequestSchema>;

export interface Faults {
  latencyMs: number;
  rateLimit: { count: number; retryAfterSeconds: number } | null;
  serverError: { count: number; status: 500 | 502 | 503 | 504 } | null;
  resultFile: 'truncated' | 'corrupt' | null;
  foreignOutputUrl: boolean;
  tokenError: { count: number; status: 401 | 500 } | null;
  slowAnswer: { count: number; ms: number } | null;
  replay: ReplayAnswer;
}

export type V1Fault = { kind: 'rateLimit'; retryAfterSeconds: number } | { kind: 'serverError'; status: 500 | 502 | 503 | 504 };

function noFaults(): Faults {
  return { latencyMs: 0, rateLimit: null, serverError: null, resultFile: null, foreignOutputUrl: false, tokenError: null, slowAnswer: null, replay: 'original-409' };
}

export class FaultState {
  private faults = noFaults();

  current(): Faults {
    return structuredClone(this.faults);
  }

  /** Merges a request into the current faults; revokeTokens is an action, reported to the caller. */
  merge(request: FaultsRequest): { revokeTokens: boolean } {
    const { revokeTokens, ...rest } = request;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) Object.assign(this.faults, { [key]: value });
    }
    return { revokeTokens: revokeTokens === true };
  }

  clear(): void {
    this.faults = noFaults();
  }

  /** The fault the next /v1 call must suffer, if any; rate limiting wins over server errors. */
  takeV1Fault(): V1Fault | null {
    const { rateLimit, serverError } = this.faults;
    if (rateLimit && rateLimit.count > 0) {
      rateLimit.count -= 1;
      return { kind: 'rateLimit', retryAfterSeconds: rateLimit.retryAfterSeconds };
    }
    if (serverError && serverError.count > 0) {
      serverError.count -= 1;
      return { kind: 'serverError', status: serverError.status };
    }
    return null;
  }

  /** How long the answer to the next /v1 call must wait once it is ready, if at all. */
  takeSlowAnswer(): number | null {
    const { slowAnswer } = this.faults;
    if (!slowAnswer || slowAnswer.count <= 0) return null;
    slowAnswer.count -= 1;
    return slowAnswer.ms;
  }

  takeTokenFault(): 401 | 500 | null {
    const { tokenError } = this.faults;
    if (!tokenError || tokenError.count <= 0) return null;
    tokenError.count -= 1;
    return tokenError.status;
  }
}
