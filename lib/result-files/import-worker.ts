import 'server-only';
import { parentPort, workerData } from 'node:worker_threads';
import { BlockSinkPort } from './block-sink-port';
import { importCsv } from './csv-import';
import { ResultFileError } from './errors';
import type { ToImportWorker, ImportWorkerData, FromImportWorker } from './import-thread';

// The import worker (started by import-thread.ts): unzips and parses one result file and hands its
// blocks to the store thread, so the server's event loop never waits for CSV parsing or inserts.

async function run(job: ImportWorkerData, parent: NonNullable<typeof parentPort>): Promise<void> {
  const send = (message: FromImportWorker) => parent.postMessage(message);
  const sink = new BlockSinkPort(job.storePort);
  const queue = new ChunkQueue(() => send({ type: 'ack' }));
  let downloaded = 0;
  parent.on('message', (message: ToImportWorker) => {
    if (message.type === 'chunk') {
      downloaded = message.downloaded;
      queue.push(message.bytes);
    } else if (message.type === 'end') {
      queue.end(null);
    } else {
      queue.end(new ResultFileError(message.failure.code, message.failure.message, { retryable: message.failure.retryable }));
    }
  });
  send({ type: 'ready' });
  const result = await importCsv({
    sink, importId: job.importId, owner: job.owner, actionType: job.actionType, limits: job.limits,
    zipChunks: queue, bytesDownloaded: () => downloaded, now: () => new Date().toISOString(),
  });
  // Whatever is still on its way to the database lands before the server records how the import ended.
  await sink.drain().catch(() => false);
  sink.close();
  send({ type: 'done', result: { ...result, failure: result.failure?.toFailure() ?? null } });
  parent.close();
}

/** The chunks the server sends, as the async iterable the pipeline reads; each one is acknowledged once taken. */
class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private ending: { error: Error | null } | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly onTaken: () => void) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.wake?.();
  }

  end(error: Error | null): void {
    this.ending = { error };
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.onTaken();
        yield chunk;
      } else if (this.ending) {
        if (this.ending.error) throw this.ending.error;
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
  }
}

const port = parentPort;
if (port) void run(workerData as ImportWorkerData, port);
