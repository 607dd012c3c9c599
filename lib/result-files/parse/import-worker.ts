import 'server-only';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BlockSinkPort } from '../store/block-sink-port';
import { importCsv } from './csv-import';
import type { CsvFileInfo } from '../fetch/csv-stream';
import { ResultFileError } from '../errors';
import type { FromImportWorker, ImportJob, ImportWorkerData, ToImportWorker } from './background-import';

// The import worker (started by thread-pair.ts): parses one result file's CSV and hands its blocks
// to the store thread, so the server's event loop never waits for CSV parsing or inserts.

function run({ storePort }: ImportWorkerData, parent: NonNullable<typeof parentPort>): void {
  const send = (message: FromImportWorker) => parent.postMessage(message);
  // Listening from the start: a store thread that dies while this pair waits for its job is noticed.
  const sink = new BlockSinkPort(storePort);
  let downloaded = 0;
  // As of the chunk the parser took last: a separator seen further on must not change rows before it.
  let info: CsvFileInfo = { csvName: null, hasBom: false, lineEnding: '\n', mayHoldUnjoinable: false };
  const queue = new ChunkQueue((taken) => {
    downloaded = taken.downloaded;
    info = taken.info;
    send({ type: 'ack' });
  });
  const onMessage = (message: ToImportWorker) => {
    if (message.type === 'job') {
      void importJob(message.job);
    } else if (message.type === 'chunk') {
      queue.push(message);
    } else if (message.type === 'end') {
      queue.end(null, () => {
        downloaded = message.downloaded;
        info = message.info;
      });
    } else {
      queue.end(new ResultFileError(message.failure.code, message.failure.message, { retryable: message.failure.retryable }));
    }
  };
  parent.on('message', onMessage);
  // Parsing runs as one long chain of promises, during which the event loop delivers no message: the
  // queue takes what has arrived straight off the port before it waits.
  queue.receivePending = () => {
    for (let received = receiveMessageOnPort(parent); received; received = receiveMessageOnPort(parent)) onMessage(received.message as ToImportWorker);
  };

  // One job per thread pair: started ahead of time, it waits for its job, imports it and ends.
  async function importJob(job: ImportJob): Promise<void> {
    const result = await importCsv({
      sink, importId: job.importId, owner: job.owner, actionType: job.actionType,
      csvChunks: queue, fileInfo: () => info, bytesDownloaded: () => downloaded, now: () => new Date().toISOString(),
    });
    // Whatever is still on its way to the database lands before the server records how the import
    // ended (unless the store thread failed: then its data goes with the failed import anyway).
    await sink.drain().catch(() => false);
    sink.close();
    send({ type: 'done', result: { ...result, failure: result.failure?.toFailure() ?? null } });
    parent.close();
  }

  send({ type: 'ready' });
}

/** The chunks the server sends, as the async iterable the pipeline reads; each one is acknowledged once taken. */
type Chunk = Extract<ToImportWorker, { type: 'chunk' }>;

class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Chunk[] = [];
  private ending: { error: Error | null; onReached?: () => void } | null = null;
  private wake: (() => void) | null = null;
  receivePending: () => void = () => undefined;

  constructor(private readonly onTaken: (chunk: Chunk) => void) {}

  push(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.wake?.();
  }

  /** `onReached` once the parser has taken every chunk before the end. */
  end(error: Error | null, onReached?: () => void): void {
    this.ending = { error, onReached };
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.chunks.length === 0) this.receivePending();
      const chunk = this.chunks.shift();
      if (chunk) {
        this.onTaken(chunk);
        yield chunk.bytes;
      } else if (this.ending) {
        if (this.ending.error) throw this.ending.error;
        this.ending.onReached?.();
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
  }
}

const port = parentPort;
if (port) run(workerData as ImportWorkerData, port);
