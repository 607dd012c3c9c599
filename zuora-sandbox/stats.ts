/** What became of the POST /v1/bulk requests that reached the upload route. */
export interface UploadCounts {
  /** new mass actions (an upload accepted to fail later, badFile 'fail', included) */
  accepted: number;
  /** answered with an earlier upload's result for the same Idempotency-Key */
  replayed: number;
  /** turned down: a 4xx, or a 200 with success:false (401s included) */
  refused: number;
  /** the client hung up before its upload could be read: nothing was created, nobody heard an answer */
  abandoned: number;
}

export type UploadOutcome = keyof UploadCounts;

export interface StatsSnapshot {
  tokenRequests: number;
  calls: Record<string, number>;
  callsByBulkKey: Record<string, number>;
  uploads: UploadCounts;
}

const noUploads = (): UploadCounts => ({ accepted: 0, replayed: 0, refused: 0, abandoned: 0 });

/**
 * Requests counted by route template ("GET /v1/bulk/{bulk-key}"), so tests can prove how often
 * the console really called Zuora: one token for fifty concurrent calls, nothing for a malformed key.
 * Uploads are also counted by outcome, so a test can tell one mass action from a replayed one.
 */
export class SandboxStats {
  private calls = new Map<string, number>();
  private byBulkKey = new Map<string, number>();
  private tokenRequests = 0;
  private uploads = noUploads();

  record(routeKey: string, bulkKey?: string): void {
    this.calls.set(routeKey, (this.calls.get(routeKey) ?? 0) + 1);
    if (routeKey === 'POST /oauth/token') this.tokenRequests += 1;
    if (bulkKey !== undefined) this.byBulkKey.set(bulkKey, (this.byBulkKey.get(bulkKey) ?? 0) + 1);
  }

  recordUpload(outcome: UploadOutcome): void {
    this.uploads[outcome] += 1;
  }

  reset(): void {
    this.calls.clear();
    this.byBulkKey.clear();
    this.tokenRequests = 0;
    this.uploads = noUploads();
  }

  snapshot(): StatsSnapshot {
    return {
      tokenRequests: this.tokenRequests,
      calls: Object.fromEntries(this.calls),
      callsByBulkKey: Object.fromEntries(this.byBulkKey),
      uploads: { ...this.uploads },
    };
  }
}
