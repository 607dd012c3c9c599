export interface StatsSnapshot {
  tokenRequests: number;
  calls: Record<string, number>;
  callsByBulkKey: Record<string, number>;
}

/**
 * Requests counted by route template ("GET /v1/bulk/{bulk-key}"), so tests can prove how often
 * the console really called Zuora: one token for fifty concurrent calls, nothing for a malformed key.
 */
export class SandboxStats {
  private calls = new Map<string, number>();
  private byBulkKey = new Map<string, number>();
  private tokenRequests = 0;

  record(routeKey: string, bulkKey?: string): void {
    this.calls.set(routeKey, (this.calls.get(routeKey) ?? 0) + 1);
    if (routeKey === 'POST /oauth/token') this.tokenRequests += 1;
    if (bulkKey !== undefined) this.byBulkKey.set(bulkKey, (this.byBulkKey.get(bulkKey) ?? 0) + 1);
  }

  reset(): void {
    this.calls.clear();
    this.byBulkKey.clear();
    this.tokenRequests = 0;
  }

  snapshot(): StatsSnapshot {
    return {
      tokenRequests: this.tokenRequests,
      calls: Object.fromEntries(this.calls),
      callsByBulkKey: Object.fromEntries(this.byBulkKey),
    };
  }
}
