import 'server-only';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { extendLeaseUntil, heldUntil, INSTANCE_ID, tryTakeLease } from '../db/leases';
import { ZuoraError } from '../zuora/errors';
import type { ZuoraClient } from '../zuora/client';
import { recordObservedState } from './observed-state';
import { listStatuses, listUnfinished, recordRefreshError, type UnfinishedRow } from './registry';
import type { MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';

export interface StatusRefresherOptions {
  db: () => Promise<Database>;
  client: Pick<ZuoraClient, 'getMassAction'>;
  intervalMs: number;
  logger: Logger;
  /** Zuora allows 40 requests in flight per tenant; the console keeps well below. */
  maxInFlight?: number;
  /** How often the pacer hands out due refreshes; 0 = no timer (tests call `tick()`). */
  tickMs?: number;
  /** False: no timer even with a tickMs (a test calls `tick()` and wants each tick's share). */
  startsPacer?: boolean;
  now?: () => number;
  /** Tells this instance's leases from other instances' (tests run several in one process). */
  instanceId?: string;
  /**
   * The keys read on schedule even while nobody watches (an auto-stop rule to check), once
   * `startInBackground()` has been called; without it only watched keys are read.
   */
  readsUnwatched?: (row: UnfinishedRow) => boolean;
  /** Called after each refresh recorded, with what Zuora just said (the auto-stop check); its failures are logged, never the refresher's. */
  afterRefresh?: (db: Database, bulkKey: string, previous: MassActionStatus | null, state: MassActionState) => Promise<void>;
}

/** One refresh recorded, for the afterRefresh hook. */
interface RecordedRefresh {
  db: Database;
  bulkKey: string;
  previous: MassActionStatus | null;
  state: MassActionState;
}

const DEFAULT_TICK_MS = 200;
// A mass action Stopping, or just asked to stop, is read this often: the operator is waiting for
// Stopped, and there are only ever a few of them. Still at most once per this interval per key.
const STOPPING_INTERVAL_MS = 1000;
const EXPEDITE_AFTER_STOP_MS = 30_000;
// While nobody watches, the database is looked at this often at most to learn of keys to read anyway
// (a rule just set, on any instance), and otherwise only when a key known to need reading is due.
const UNWATCHED_LOOK_MS = 1000;
/** The lease all instances honour after a 429: nobody asks Zuora for statuses until it runs out. */
export const STATUS_PAUSE_LEASE = 'pause:zuora-status';
export const refreshLeaseName = (bulkKey: string) => `refresh:${bulkKey}`;

export interface StatusChange {
  bulkKey: string;
  status: MassActionStatus;
}

/**
 * Keeps registered mass actions fresh with Zuora calls that grow with the number of active mass
 * actions, not with the number of people watching: each key at most once per interval, concurrent
 * requests for one key share a call, and a 429 pauses everyone for as long as Retry-After says.
 * While someone watches, a pacer spreads the refreshes evenly over the interval, so neither Zuora
 * nor the console's own event loop sees a burst of a hundred calls at once.
 *
 * Keys with a reason to be read whoever watches (an auto-stop rule: `readsUnwatched`) are read on the
 * same schedule while nobody watches too, from server start (`startInBackground()`), with the same
 * leases; with nothing to read unwatched, the database is looked at about once a second.
 *
 * Several instances sharing one database behave as one: before asking Zuora for a key an instance
 * takes that key's lease for the interval (lib/db/leases.ts), so the key is read once per interval by
 * all of them together, whichever are being watched; a 429 writes a pause every instance reads; and
 * each instance tells its own pages of the status changes any instance recorded (it compares the
 * statuses it reads from the database on each step).
 */
export class StatusRefresher {
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly lastAttemptAt = new Map<string, number>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly now: () => number;
  private pausedUntil = 0;
  private problem: string | null = null;
  private watchedUntil = 0;
  private pacer: NodeJS.Timeout | null = null;
  private isTicking = false;
  private isInBackground = false;
  /** While nobody watches: when the database was last looked at, and when a key read unwatched is next due. */
  private lastUnwatchedLookAt = -Infinity;
  private nextUnwatchedDueAt = Infinity;
  private readonly expeditedUntil = new Map<string, number>();
  private readonly listeners = new Set<(change: StatusChange) => void>();
  /** The statuses last read from the database, to tell pages of changes other instances recorded. */
  private readonly knownStatus = new Map<string, MassActionStatus | null>();
  private readonly instanceId: string;

  constructor(private readonly options: StatusRefresherOptions) {
    this.limit = pLimit(options.maxInFlight ?? 8);
    this.now = options.now ?? Date.now;
    this.instanceId = options.instanceId ?? INSTANCE_ID;
  }

  /** Called with every status change the console sees (server-sent to the pages); answers how to stop listening. */
  onStatusChange(listener: (change: StatusChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A status the console learnt another way (a stop Zuora accepted): told to the listeners as well. */
  announce(change: StatusChange): void {
    this.knownStatus.set(change.bulkKey, change.status);
    for (const listener of this.listeners) listener(change);
  }

  /** Reads `bulkKey` at the Stopping pace for a while, from now: a stop was just requested. */
  expedite(bulkKey: string): void {
    this.expeditedUntil.set(bulkKey, this.now() + EXPEDITE_AFTER_STOP_MS);
    // In the background, the unwatched steps read expedited keys: a stop nobody watches (an auto-stop,
    // a bulk stop sent by a script) does not make every other key be read as if watched.
    if (!this.isInBackground) return this.keepPacing();
    this.nextUnwatchedDueAt = 0;
    this.startPacer();
  }

  /** What is wrong with Zuora right now, for the banner; null while refreshes succeed. */
  get currentProblem(): string | null {
    return this.problem;
  }

  /**
   * Called on each list request: keeps the pacer running while someone watches, and reads at once the
   * keys never read and those gone stale (older than two intervals: nobody watched for a while), waiting
   * for them at most `waitMs` so a slow Zuora never blocks a page. A page opened after a quiet spell so
   * shows what Zuora says now, not what it said when the last person left.
   */
  async refreshDue(waitMs: number): Promise<void> {
    this.keepPacing();
    const db = await this.options.db();
    const unfinished = await this.readShared(db);
    const staleBefore = this.now() - 2 * this.options.intervalMs;
    const stale = unfinished
      .filter((row) => this.isDue(row) && (row.refreshedAt === null || Date.parse(row.refreshedAt) < staleBefore))
      .map((row) => this.refresh(row.bulkKey, this.intervalFor(row)));
    if (stale.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(stale), new Promise<void>((resolve) => { timer = setTimeout(resolve, waitMs); })]);
    clearTimeout(timer);
  }

  /**
   * Keeps the pacer running whether or not anyone watches (called once at server start): the keys
   * `readsUnwatched` picks are then read on schedule with nobody watching, after a restart too.
   */
  startInBackground(): void {
    this.isInBackground = true;
    this.startPacer();
  }

  /** Stops the pacer's timer (a test's, or a shutdown); list requests start it again. */
  stopPacer(): void {
    this.isInBackground = false;
    if (this.pacer) clearInterval(this.pacer);
    this.pacer = null;
  }

  /** What the pacer's timer does on each beat: a tick while someone watches, else one over the keys read unwatched. */
  async pace(): Promise<void> {
    if (this.now() <= this.watchedUntil) return this.tick();
    if (!this.isInBackground) {
      this.stopPacer();
      return;
    }
    await this.tickUnwatched();
  }

  /** One pacer step: the most overdue keys, as many as keep every key on its interval. */
  async tick(): Promise<void> {
    await this.step(() => true);
  }

  /**
   * One pacer step while nobody watches: only the keys read unwatched (and those just asked to stop).
   * The database is read only when one of them is due, or a second after the last look.
   */
  async tickUnwatched(): Promise<void> {
    const readsUnwatched = this.options.readsUnwatched;
    if (!readsUnwatched) return;
    const now = this.now();
    if (now < Math.min(this.lastUnwatchedLookAt + UNWATCHED_LOOK_MS, this.nextUnwatchedDueAt)) return;
    this.lastUnwatchedLookAt = now;
    const candidates = await this.step((row) => readsUnwatched(row) || (this.expeditedUntil.get(row.bulkKey) ?? 0) > now);
    if (candidates) this.nextUnwatchedDueAt = Math.min(...candidates.map((row) => this.lastSeen(row) + this.intervalFor(row)));
  }

  /** Hands out the due keys among the candidates; answers the candidates (null when a step was already running). */
  private async step(isCandidate: (row: UnfinishedRow) => boolean): Promise<UnfinishedRow[] | null> {
    const tickMs = this.options.tickMs ?? DEFAULT_TICK_MS;
    if (this.isTicking) return null;
    this.isTicking = true;
    try {
      const unfinished = (await this.readShared(await this.options.db())).filter(isCandidate);
      const due = unfinished.filter((row) => this.isDue(row)).sort((a, b) => this.lastSeen(a) - this.lastSeen(b));
      const share = unfinished.reduce((sum, row) => sum + tickMs / this.intervalFor(row), 0);
      // (Summing fractions leaves a hair above a whole number: 100 × 0.04 is 4.000000000000001.)
      const budget = tickMs > 0 ? Math.ceil(share - 1e-9) + 1 : due.length;
      for (const row of due.slice(0, budget)) void this.refresh(row.bulkKey, this.intervalFor(row));
      return unfinished;
    } finally {
      this.isTicking = false;
    }
  }

  /**
   * What every instance shares: the unfinished mass actions and the 429 pause. Status changes another
   * instance recorded since the last read are told to this instance's listeners.
   */
  private async readShared(db: Database): Promise<UnfinishedRow[]> {
    const [unfinished, pausedUntil] = await Promise.all([listUnfinished(db), heldUntil(db, STATUS_PAUSE_LEASE)]);
    this.pausedUntil = Math.max(this.pausedUntil, pausedUntil);
    const seen = new Set<string>();
    for (const row of unfinished) {
      seen.add(row.bulkKey);
      this.noticeStatus(row.bulkKey, row.status);
    }
    const finished = [...this.knownStatus.keys()].filter((bulkKey) => !seen.has(bulkKey));
    if (finished.length > 0) {
      for (const row of await listStatuses(db, finished)) this.noticeStatus(row.bulkKey, row.status);
      for (const bulkKey of finished) this.knownStatus.delete(bulkKey);
    }
    return unfinished;
  }

  private noticeStatus(bulkKey: string, status: MassActionStatus | null): void {
    const known = this.knownStatus.get(bulkKey);
    // First sight is not a change: the page read it with the list.
    if (known !== undefined && known !== status && status !== null) this.announce({ bulkKey, status });
    else this.knownStatus.set(bulkKey, status);
  }

  private keepPacing(): void {
    this.watchedUntil = this.now() + 2 * this.options.intervalMs;
    this.startPacer();
  }

  private startPacer(): void {
    const tickMs = this.options.tickMs ?? DEFAULT_TICK_MS;
    if (this.pacer || tickMs <= 0 || this.options.startsPacer === false) return;
    this.pacer = setInterval(() => void this.pace().catch((error: unknown) => this.options.logger.error({ err: error }, 'refresh pacer failed')), tickMs);
    this.pacer.unref();
  }

  refresh(bulkKey: string, intervalMs = this.options.intervalMs): Promise<void> {
    let call = this.inflight.get(bulkKey);
    // A list read just before another refresh finished may still think this key is due.
    if (!call && this.now() - (this.lastAttemptAt.get(bulkKey) ?? -Infinity) < intervalMs) return Promise.resolve();
    if (!call) {
      this.lastAttemptAt.set(bulkKey, this.now());
      // The hook runs after the call's slot is freed, but before the key can be read again.
      call = this.limit(() => this.fetchAndRecordOnLease(bulkKey, intervalMs))
        .then((recorded) => (recorded ? this.runAfterRefresh(recorded) : undefined))
        .catch((error: unknown) => this.options.logger.error({ bulkKey, err: error }, 'mass action refresh could not be recorded'))
        .finally(() => this.inflight.delete(bulkKey));
      this.inflight.set(bulkKey, call);
    }
    return call;
  }

  private intervalFor(row: UnfinishedRow): number {
    const until = this.expeditedUntil.get(row.bulkKey);
    if (until !== undefined && until <= this.now()) this.expeditedUntil.delete(row.bulkKey);
    const isUrgent = row.status === 'Stopping' || (until ?? 0) > this.now();
    return isUrgent ? Math.min(STOPPING_INTERVAL_MS, this.options.intervalMs) : this.options.intervalMs;
  }

  private lastSeen(row: Pick<UnfinishedRow, 'bulkKey' | 'refreshedAt'>): number {
    const refreshed = row.refreshedAt ? Date.parse(row.refreshedAt) : 0;
    return Math.max(refreshed, this.lastAttemptAt.get(row.bulkKey) ?? 0);
  }

  private isDue(row: UnfinishedRow): boolean {
    const now = this.now();
    return now >= this.pausedUntil && now - this.lastSeen(row) >= this.intervalFor(row) && !this.inflight.has(row.bulkKey);
  }

  private async runAfterRefresh(recorded: RecordedRefresh): Promise<void> {
    const { afterRefresh } = this.options;
    if (!afterRefresh) return;
    try {
      await afterRefresh(recorded.db, recorded.bulkKey, recorded.previous, recorded.state);
    } catch (error) {
      this.options.logger.error({ bulkKey: recorded.bulkKey, err: error }, 'after-refresh hook failed');
    }
  }

  /** Asks Zuora only when no instance did within the interval: the lease is taken for it. */
  private async fetchAndRecordOnLease(bulkKey: string, intervalMs: number): Promise<RecordedRefresh | null> {
    if (this.now() < this.pausedUntil) return null;
    const db = await this.options.db();
    if (!(await tryTakeLease(db, refreshLeaseName(bulkKey), intervalMs, { owner: this.instanceId, now: this.now() }))) return null;
    return this.fetchAndRecord(db, bulkKey);
  }

  private async fetchAndRecord(db: Database, bulkKey: string): Promise<RecordedRefresh | null> {
    try {
      const { state, meta } = await this.options.client.getMassAction(bulkKey);
      const previous = await recordObservedState(db, bulkKey, state, meta, new Date(this.now()));
      this.problem = null;
      if (previous !== state.status) this.announce({ bulkKey, status: state.status });
      return { db, bulkKey, previous, state };
    } catch (error) {
      const message = describeRefreshFailure(error);
      if (error instanceof ZuoraError && error.status === 429) {
        this.pausedUntil = this.now() + (error.retryAfterMs ?? this.options.intervalMs);
        await extendLeaseUntil(db, STATUS_PAUSE_LEASE, this.pausedUntil, { owner: this.instanceId }).catch(() => undefined);
      }
      if (!(error instanceof ZuoraError && error.status === 404)) this.problem = message;
      this.options.logger.warn({ bulkKey, err: message }, 'mass action refresh failed');
      await recordRefreshError(db, bulkKey, message);
      return null;
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
