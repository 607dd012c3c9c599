// Answers to POST /v1/bulk by Idempotency-Key. Zuora replays a known key with 409 and the original
// body. Only successful uploads are remembered, so a client can fix a rejected request and resend it.
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export class IdempotencyLedger {
  private readonly answers = new Map<string, unknown>();

  recall(key: string): unknown {
    return this.answers.get(key);
  }

  remember(key: string, body: unknown): void {
    this.answers.set(key, body);
  }
}
