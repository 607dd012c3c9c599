import { z } from 'zod';

// Faults the control API can inject into the next /v1 or token calls. Counted ones wear off.
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
}

export type V1Fault = { kind: 'rateLimit'; retryAfterSeconds: number } | { kind: 'serverError'; status: 500 | 502 | 503 | 504 };

function noFaults(): Faults {
  return { latencyMs: 0, rateLimit: null, serverError: null, resultFile: null, foreignOutputUrl: false, tokenError: null };
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

  takeTokenFault(): 401 | 500 | null {
    const { tokenError } = this.faults;
    if (!tokenError || tokenError.count <= 0) return null;
    tokenError.count -= 1;
    return tokenError.status;
  }
}
