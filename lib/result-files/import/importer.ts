import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import type { ZuoraClient } from '../../zuora/client';
import { asResultFileError, ResultFileError } from '../errors';
import { claimImport, deleteImportData, findCurrentImport, markFailed, markReady, recordProgress, type ImportRecord } from '../store/import-records';
import { runImportPipeline, type ImportOutcome } from './import-pipeline';
import { prepareImportThreads } from '../parse/thread-pair';
import { storeLocationOf } from '../store/block-stores';
import { DEFAULT_RESULT_FILE_LIMITS, type ResultFileLimits } from '../fetch/limits';
import { getResultFileStatus } from '../read/status';
import type { ResultFileStatus } from '../shared/types';

/** What the importer needs to know of a mass action (from its last GET /v1/bulk/{bulk-key}). */
export interface ResultFileSource {
  bulkKey: string;
  actionType: string | null;
  outputUrl: string | null;
}

export interface ResultFileImporterOptions {
  db: () => Promise<Database>;
  zuora: Pick<ZuoraClient, 'openResultFile'>;
  limits?: Partial<ResultFileLimits>;
  logger?: Logger;
  /** How often a running import says it is alive, and after how long without a sign it counts as dead. */
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** How long a retryable failure (a broken download) stands before a view tries again, so a page polling a failing Zuora does not download in a loop. */
  retryFailedAfterMs?: number;
  /** Tells this process's imports from others'. */
  owner?: string;
  /** Keep the threads of the next import started ahead (a server's setting; tests start them as they go). */
  keepThreadsWarm?: boolean;
  now?: () => number;
}

interface Flight {
  /** Settles once this call's import is claimed (or found not needed). */
  claimed: Promise<void>;
  done: Promise<void>;
}

/**
 * Imports each result file once. Concurrent requests share one import (single flight in the process,
 * a unique index across processes); an import whose process died is noticed by its stale heartbeat,
 * thrown away and started again by the next request.
 */
export class ResultFileImporter {
  private readonly flights = new Map<string, Flight>();
  private readonly limits: ResultFileLimits;
  private readonly owner: string;
  private readonly now: () => number;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly retryFailedAfterMs: number;

  constructor(private readonly options: ResultFileImporterOptions) {
    this.limits = { ...DEFAULT_RESULT_FILE_LIMITS, ...options.limits };
    this.owner = options.owner ?? `${os.hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.retryFailedAfterMs = options.retryFailedAfterMs ?? 30_000;
  }

  /** Starts the threads of the next import now, so it does not wait for them to boot. */
  async warmUp(): Promise<void> {
    const location = storeLocationOf(await this.options.db());
    if (location !== null) await prepareImportThreads(location);
  }

  /** Starts the import when needed and answers at once: `importing` with progress, `ready` or `failed`. */
  async ensure(source: ResultFileSource): Promise<ResultFileStatus> {
    await this.start(source).claimed;
    return getResultFileStatus(await this.options.db(), source.bulkKey);
  }

  /** Like ensure, then waits for the import to end, here or in another console process. */
  async ensureSettled(source: ResultFileSource, pollMs = 250): Promise<ResultFileStatus> {
    for (;;) {
      await this.start(source).done;
      const status = await getResultFileStatus(await this.options.db(), source.bulkKey);
      if (status.state !== 'importing') return status;
      await sleep(pollMs);
    }
  }

  private start(source: ResultFileSource): Flight {
    const existing = this.flights.get(source.bulkKey);
    if (existing) return existing;
    let onClaimed = () => {};
    const claimed = new Promise<void>((resolve) => (onClaimed = resolve));
    const done = this.claimAndRun(source, () => onClaimed()).finally(() => this.flights.delete(source.bulkKey));
    const flight = { claimed: Promise.race([claimed, done]), done };
    // Whichever of the two a caller awaits carries the error; the other must not count as unhandled.
    flight.claimed.catch(() => undefined);
    done.catch(() => undefined);
    this.flights.set(source.bulkKey, flight);
    return flight;
  }

  private async claimAndRun(source: ResultFileSource, onClaimed: () => void): Promise<void> {
    const db = await this.options.db();
    const current = await findCurrentImport(db, source.bulkKey);
    if (current && !this.isReplaceable(current)) return;
    if (!source.outputUrl) {
      throw new ResultFileError('no_result_file', 'This mass action has no result file: Zuora gives one only once it is Completed, or Stopped while processing.');
    }
    const replacing = current ? [current] : [];
    const importId = await claimImport(db, { bulkKey: source.bulkKey, actionType: source.actionType, owner: this.owner, at: this.iso(), replacing });
    if (importId === null) return;
    if (current) this.options.logger?.warn({ bulkKey: source.bulkKey, replaced: current.id, status: current.status }, 'result file import restarted');
    onClaimed();
    await this.run(db, importId, { ...source, outputUrl: source.outputUrl });
  }

  private isReplaceable(record: ImportRecord): boolean {
    if (record.status === 'ready') return false;
    if (record.status === 'failed') {
      const failedAt = Date.parse(record.finished_at ?? record.heartbeat_at);
      return record.error_retryable === 1 && failedAt <= this.now() - this.retryFailedAfterMs;
    }
    // Ours yet not in flight means its run ended without recording how: as dead as another's silence.
    if (record.owner === this.owner || isDeadLocalProcess(record.owner)) return true;
    return Date.parse(record.heartbeat_at) < this.now() - this.staleAfterMs;
  }

  private async run(db: Database, importId: number, source: ResultFileSource & { outputUrl: string }): Promise<void> {
    const started = performance.now();
    const heartbeat = setInterval(() => {
      recordProgress(db, importId, this.owner, { heartbeat_at: this.iso() }).catch(() => undefined);
    }, this.heartbeatMs);
    heartbeat.unref();
    try {
      let outcome: ImportOutcome;
      try {
        const { response } = await this.options.zuora.openResultFile(source.outputUrl);
        outcome = await runImportPipeline({
          db, importId, owner: this.owner, actionType: source.actionType, response, limits: this.limits, now: () => this.iso(), logger: this.options.logger, keepThreadsWarm: this.options.keepThreadsWarm,
        });
      } catch (error) {
        outcome = { failure: asResultFileError(error), rowsImported: 0, counts: { succeeded: 0, failed: 0, not_processed: 0 }, bytesDownloaded: 0, rawSize: null };
      }
      await this.record(db, importId, source.bulkKey, outcome, Math.round(performance.now() - started));
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async record(db: Database, importId: number, bulkKey: string, outcome: ImportOutcome, durationMs: number): Promise<void> {
    const { logger } = this.options;
    const { failure, rowsImported, bytesDownloaded, rawSize } = outcome;
    const log = { bulkKey, importId, rowsImported, bytesDownloaded, durationMs };
    try {
      if (failure?.code === 'interrupted') {
        // Another process took this import over: what this one still wrote belongs to nobody.
        await deleteImportData(db, [importId]);
        logger?.warn(log, 'result file import taken over');
      } else if (failure) {
        await markFailed(db, importId, this.owner, failure.toFailure(), { finished_at: this.iso(), raw_size: rawSize, bytes_downloaded: bytesDownloaded });
        logger?.warn({ ...log, code: failure.code, err: failure.message }, 'result file import failed');
      } else {
        await markReady(db, importId, this.owner, { finished_at: this.iso(), raw_size: rawSize ?? 0, bytes_downloaded: bytesDownloaded });
        logger?.info(log, 'result file imported');
      }
    } catch (error) {
      // Left 'importing', the import will look dead once its heartbeat stops, and be redone.
      logger?.error({ ...log, err: error instanceof Error ? error.message : String(error) }, 'result file import could not be recorded');
    }
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/**
 * A console restarted on the same machine need not wait for the dead one's heartbeat to age: its
 * process id is gone. (A reused id only makes it look alive; the heartbeat then decides.)
 */
function isDeadLocalProcess(owner: string): boolean {
  const [host, pid] = owner.split('|');
  if (host !== os.hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
