import 'server-only';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit-trail';
import type { Database } from '../db/database';
import { ZuoraError } from '../zuora/errors';
import type { ZuoraClient } from '../zuora/client';
import { listUnfinished, recordRefresh, recordRefreshError } from './registry';
import type { MassActionRow } from './types';

export interface StatusRefresherOptions {
  db: () => Promise<Database>;
  client: Pick<ZuoraClient, 'getMassAction'>;
  intervalMs: number;
  logger: Logger;
  /** Zuora allows 40 requests in flight per tenant; the console keeps well below. */
  maxInFlight?: number;
  now?: () => number;
}

/**
 * Keeps registered mass actions fresh with Zuora calls that grow with the number of active mass
 * actions, not with the number of people watching: each key at most once per interval, concurrent
 * requests for one key share a call, and a 429 pauses everyone for as long as Retry-After says.
 */
export class StatusRefresher {
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly lastAttemptAt = new Map<string, number>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly now: () => number;
  private pausedUntil = 0;
  private problem: string | null = null;

  constructor(private readonly options: StatusRefresherOptions) {
    this.limit = pLimit(options.maxInFlight ?? 8);
    this.now = options.now ?? Date.now;
  }

  /** What is wrong with Zuora right now, for the banner; null while refreshes succeed. */
  get currentProblem(): string | null {
    return this.problem;
  }

  /**
   * Starts the due refreshes of every unfinished mass action and answers at once, so the list stays
   * fast however slow Zuora is; only keys never read yet are waited for (at most `waitMs`).
   */
  async refreshDue(waitMs: number): Promise<void> {
    const unfinished = await listUnfinished(await this.options.db());
    const due = unfinished.filter((row) => this.isDue(row));
    const neverRead = due.filter((row) => row.refreshedAt === null).map((row) => this.refresh(row.bulkKey));
    for (const row of due) if (row.refreshedAt !== null) void this.refresh(row.bulkKey);
    if (neverRead.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(neverRead), new Promise<void>((resolve) => { timer = setTimeout(resolve, waitMs); })]);
    clearTimeout(timer);
  }

  refresh(bulkKey: string): Promise<void> {
    let call = this.inflight.get(bulkKey);
    if (!call) {
      this.lastAttemptAt.set(bulkKey, this.now());
      call = this.limit(() => this.fetchAndRecord(bulkKey))
        .catch((error: unknown) => this.options.logger.error({ bulkKey, err: error }, 'mass action refresh could not be recorded'))
        .finally(() => this.inflight.delete(bulkKey));
      this.inflight.set(bulkKey, call);
    }
    return call;
  }

  private isDue(row: Pick<MassActionRow, 'bulkKey' | 'refreshedAt'>): boolean {
    const now = this.now();
    if (now < this.pausedUntil) return false;
    const refreshed = row.refreshedAt ? Date.parse(row.refreshedAt) : 0;
    const attempted = this.lastAttemptAt.get(row.bulkKey) ?? 0;
    return now - Math.max(refreshed, attempted) >= this.options.intervalMs;
  }

  private async fetchAndRecord(bulkKey: string): Promise<void> {
    if (this.now() < this.pausedUntil) return;
    const db = await this.options.db();
    try {
      const { state, meta } = await this.options.client.getMassAction(bulkKey);
      const previous = await recordRefresh(db, bulkKey, state, new Date(this.now()));
      this.problem = null;
      if (previous !== state.status) {
        await appendAuditEvent(db, SYSTEM_ACTOR, {
          kind: 'status-change', bulkKey, zuora: meta,
          summary: previous ? `Status changed from ${previous} to ${state.status}` : `First seen as ${state.status}`,
          details: { from: previous, to: state.status, processedCount: state.processedCount, totalCount: state.totalCount },
        });
      }
    } catch (error) {
      const message = describeRefreshFailure(error);
      if (error instanceof ZuoraError && error.status === 429) {
        this.pausedUntil = this.now() + (error.retryAfterMs ?? this.options.intervalMs);
      }
      if (!(error instanceof ZuoraError && error.status === 404)) this.problem = message;
      this.options.logger.warn({ bulkKey, err: message }, 'mass action refresh failed');
      await recordRefreshError(db, bulkKey, message);
    }
  }
}

export function describeRefreshFailure(error: unknown): string {
  if (!(error instanceof ZuoraError)) return 'The console could not refresh this mass action (internal error).';
  if (error.status === 429) return 'Zuora is rate-limiting the console; the last known values are shown and refreshing resumes shortly.';
  if (error.status === 404) return 'Zuora does not know this bulk key.';
  if (error.kind === 'token') return `The console cannot sign in to Zuora: ${error.message}`;
  if (error.kind === 'timeout' || error.kind === 'network') return `Zuora cannot be reached: ${error.message}`;
  return error.message;
}
