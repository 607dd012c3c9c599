import 'server-only';
import type pino from 'pino';
import type { Database } from '../db/database';
import { INSTANCE_ID } from '../db/leases';
import { getLogger } from '../log';
import { claimDueDeliveries, nextDueAt, recordDelivered, recordFailedAttempt, type ClaimedDelivery } from './outbox';
import { DEFAULT_RETRY_POLICY, isLastAttempt, retryDelayMs, type RetryPolicy } from './retry-policy';
import { DEFAULT_TIMEOUT_MS, sendWebhook } from './send-webhook';
import { notificationSettings, type NotificationSettings } from './settings';

// A process's delivery loop: claims what is due, sends it, records the outcome, sleeps until the next
// row is due (or a notify nudges it). Bounded: at most `concurrency` attempts in flight per process,
// one per row (the claim). A poll every few seconds picks up rows other instances queued or left.

export interface DeliveryWorkerOptions {
  db: Database | (() => Promise<Database>);
  settings?: () => NotificationSettings;
  owner?: string;
  concurrency?: number;
  /** How long a claim holds a row: past it, the instance is taken for dead and another retries. */
  claimMs?: number;
  timeoutMs?: number;
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: pino.Logger;
}

interface Nudgeable {
  nudge(): void;
}

// Kept on globalThis: the route that calls notify and the startup that starts the loop may be separate bundles.
const globalForWorkers = globalThis as unknown as { webhookDeliveryWorkers?: Set<Nudgeable> };
const workers = (globalForWorkers.webhookDeliveryWorkers ??= new Set());

/** Wakes this process's delivery loops: a row was just queued. */
export function nudgeDeliveryWorkers(): void {
  for (const worker of workers) worker.nudge();
}

export class DeliveryWorker implements Nudgeable {
  private readonly concurrency: number;
  private readonly claimMs: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly retry: RetryPolicy;
  private readonly owner: string;
  private readonly inFlight = new Set<Promise<void>>();
  private isRunning = false;
  private pass: Promise<void> | null = null;
  private isPassWanted = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Well past the request's own timeout, so a live instance never loses its claim mid-attempt.
    this.claimMs = options.claimMs ?? this.timeoutMs * 3;
    this.pollMs = options.pollMs ?? 5_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.owner = options.owner ?? INSTANCE_ID;
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    workers.add(this);
    this.nudge();
  }

  /** Stops claiming, and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.isRunning = false;
    workers.delete(this);
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    await Promise.allSettled([...this.inFlight]);
  }

  nudge(): void {
    if (!this.isRunning) return;
    if (this.pass) {
      this.isPassWanted = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.pass = this.runPass().finally(() => {
      this.pass = null;
      if (this.isPassWanted) {
        this.isPassWanted = false;
        this.nudge();
      }
    });
  }

  private get logger(): pino.Logger {
    return this.options.logger ?? getLogger();
  }

  private async database(): Promise<Database> {
    return typeof this.options.db === 'function' ? this.options.db() : this.options.db;
  }

  private async runPass(): Promise<void> {
    let delayMs = this.pollMs;
    try {
      const db = await this.database();
      const settings = (this.options.settings ?? notificationSettings)();
      const webhookIds = settings.webhooks.map((webhook) => webhook.id);
      const free = this.concurrency - this.inFlight.size;
      const claimed = await claimDueDeliveries(db, { owner: this.owner, limit: free, claimMs: this.claimMs, webhookIds });
      for (const claim of claimed) {
        const attempt = this.attempt(db, claim, settings).finally(() => {
          this.inFlight.delete(attempt);
          this.nudge();
        });
        this.inFlight.add(attempt);
      }
      // Full: each attempt's end starts the next pass. Otherwise sleep until the next row is due.
      if (this.inFlight.size >= this.concurrency) return;
      if (claimed.length === free) delayMs = 0;
      else {
        const due = await nextDueAt(db, webhookIds);
        if (due !== null) delayMs = Math.min(this.pollMs, Math.max(10, due - Date.now()));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'webhook deliveries: could not read the outbox');
    }
    if (this.isRunning && !this.isPassWanted) this.timer = setTimeout(() => this.nudge(), delayMs).unref();
  }

  private async attempt(db: Database, claim: ClaimedDelivery, settings: NotificationSettings): Promise<void> {
    const webhook = settings.webhooks.find((w) => w.id === claim.webhookId);
    if (!webhook) return;
    const log = { webhook: webhook.id, deliveryId: claim.deliveryId, event: claim.event, attempt: claim.attempts };
    try {
      const outcome = await sendWebhook({ url: webhook.url, secret: webhook.secret, body: claim.payload, deliveryId: claim.deliveryId, event: claim.event, attempt: claim.attempts, allowPrivateTargets: settings.allowPrivateTargets, timeoutMs: this.timeoutMs });
      if (outcome.ok) {
        await recordDelivered(db, claim, outcome.httpStatus);
        this.logger.info({ ...log, httpStatus: outcome.httpStatus }, 'webhook delivered');
        return;
      }
      const isGivingUp = outcome.isPermanent || isLastAttempt(claim.attempts, this.retry);
      const retryAt = isGivingUp ? null : Date.now() + retryDelayMs(claim.attempts, this.retry, outcome.retryAfterMs);
      await recordFailedAttempt(db, claim, { httpStatus: outcome.httpStatus, error: outcome.error, retryAt });
      this.logger.warn({ ...log, httpStatus: outcome.httpStatus, error: outcome.error, retryAt: retryAt && new Date(retryAt).toISOString() }, isGivingUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry');
    } catch (error) {
      // The claim runs out and the row is tried again: at least once, whatever broke here.
      this.logger.error({ ...log, err: error }, 'webhook delivery: could not record the outcome');
    }
  }
}
