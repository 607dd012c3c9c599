import 'server-only';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BlockCommit, BlockSink, ResultHeader } from './block-sink';

// The parse thread and the store thread (background-import.ts) talk over a MessagePort: blocks one way,
// one acknowledgement per block the other way. (The store thread's first word, 'ready' or
// 'unavailable' when it could not connect, goes to the thread that started it.)
export type ToStoreThread = { type: 'header'; header: ResultHeader } | { type: 'commit'; commit: BlockCommit } | { type: 'close' };
export type FromStoreThread = { type: 'ready' } | { type: 'unavailable'; error: string } | { type: 'ack'; ok: boolean } | { type: 'ack'; error: string };

// Blocks handed over but not yet stored: enough to ride out the store thread's pauses (a WAL
// checkpoint, a PostgreSQL round trip) while the next ones are parsed (~75 KB each), few enough that
// a slow disk or server holds parsing back instead of filling memory.
const MAX_IN_FLIGHT = 32;

/** A BlockSink whose blocks are stored by the store thread, while this thread parses the next ones. */
export class BlockSinkPort implements BlockSink {
  private inFlight = 0;
  private isOwner = true;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: FromStoreThread) => this.onMessage(message));
    port.once('close', () => {
      this.failure ??= new Error('The result file could not be stored: its store thread stopped.');
      this.wake?.();
    });
  }

  async writeHeader(header: ResultHeader): Promise<void> {
    await this.send({ type: 'header', header });
  }

  async commit(commit: BlockCommit): Promise<boolean> {
    if (this.isOwner) await this.send({ type: 'commit', commit });
    return this.isOwner;
  }

  async drain(): Promise<boolean> {
    this.receivePending();
    while (this.inFlight > 0 && this.failure === null) await this.acknowledged();
    if (this.failure) throw this.failure;
    return this.isOwner;
  }

  close(): void {
    this.port.postMessage({ type: 'close' } satisfies ToStoreThread);
    this.port.close();
  }

  private onMessage(message: FromStoreThread): void {
    if (message.type !== 'ack') return;
    this.inFlight -= 1;
    if ('error' in message) this.failure ??= new Error(`The result file could not be stored: ${message.error}`);
    else if (!message.ok) this.isOwner = false;
    this.wake?.();
  }

  /**
   * Parsing runs as one long chain of promises, during which the event loop delivers no message:
   * the acknowledgements that arrived are taken straight off the port.
   */
  private receivePending(): void {
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) this.onMessage(received.message as FromStoreThread);
  }

  private async send(message: ToStoreThread): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT) this.receivePending();
    while (this.inFlight >= MAX_IN_FLIGHT && this.failure === null) await this.acknowledged();
    if (this.failure) throw this.failure;
    this.inFlight += 1;
    this.port.postMessage(message);
  }

  private acknowledged(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}
