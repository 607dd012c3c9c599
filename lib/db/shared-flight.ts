import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from './database';
import { INSTANCE_ID, readLease, releaseLease, tryTakeLease } from './leases';

// One piece of work at a time across every console instance sharing the database, and its outcome
// for everyone who asked meanwhile: the instance that takes the lease does the work, renewing the
// lease while it runs, and leaves the outcome in it; the others wait for that outcome instead of
// doing the work again. A holder that dies stops renewing: after HOLD_MS the next one takes over.

/** A stop's two Zuora calls take well under a second; a holder renews every 3 s, so 10 s covers a slow one. */
const HOLD_MS = 10_000;
const RENEW_MS = 3_000;
const POLL_MS = 100;

export type SharedOutcome<T> = { ok: true; value: T } | { ok: false; error: SerializedError };
export interface SerializedError {
  status?: number;
  code?: string;
  message: string;
}

export interface SharedFlightOptions {
  /** How an error travels to the instances that waited (it must survive JSON). */
  serializeError: (error: unknown) => SerializedError;
  deserializeError: (error: SerializedError) => Error;
  /** How long a waiter waits for another instance's outcome before giving up with `tooLong`. */
  maxWaitMs?: number;
  tooLong: () => Error;
  owner?: string;
  /** How long the lease lasts unrenewed: how soon a dead holder's work is taken over (tests shorten it). */
  holdMs?: number;
}

/** Runs `work` here, or waits for the instance already running it; `joined` says which. */
export async function acrossInstances<T>(db: Database, name: string, work: () => Promise<T>, options: SharedFlightOptions): Promise<{ value: T; joined: boolean }> {
  const owner = options.owner ?? INSTANCE_ID;
  const holdMs = options.holdMs ?? HOLD_MS;
  const askedAt = Date.now();
  let joined = false;
  for (;;) {
    if (await tryTakeLease(db, name, holdMs, { owner })) return { value: await runHolding(db, name, owner, holdMs, work, options), joined };
    joined = true;
    // Another instance holds it: its outcome, once it leaves one after we asked, is ours.
    for (;;) {
      await sleep(POLL_MS);
      const lease = await readLease(db, name);
      const now = Date.now();
      if (lease && lease.notedAtMs !== null && lease.notedAtMs >= askedAt && lease.untilMs <= now) {
        const outcome = JSON.parse(lease.note ?? 'null') as SharedOutcome<T>;
        if (outcome.ok) return { value: outcome.value, joined };
        throw options.deserializeError(outcome.error);
      }
      if (!lease || lease.untilMs <= now) break; // let go without an outcome for us (it died): try to take it
      if (now - askedAt > (options.maxWaitMs ?? 120_000)) throw options.tooLong();
    }
  }
}

async function runHolding<T>(db: Database, name: string, owner: string, holdMs: number, work: () => Promise<T>, options: SharedFlightOptions): Promise<T> {
  const renew = setInterval(() => void tryTakeLease(db, name, holdMs, { owner }).catch(() => undefined), Math.min(RENEW_MS, holdMs / 3));
  let outcome: SharedOutcome<T>;
  try {
    const value = await work();
    outcome = { ok: true, value };
    return value;
  } catch (error) {
    outcome = { ok: false, error: options.serializeError(error) };
    throw error;
  } finally {
    clearInterval(renew);
    await releaseLease(db, name, JSON.stringify(outcome!), { owner }).catch(() => undefined);
  }
}
