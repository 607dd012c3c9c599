import { zipSync, strToU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { openDatabase, type Database } from '../db/database';
import type { MassActionState } from '../mass-actions/shared/types';
import { ResultFileImporter, type ResultFileImporterOptions } from '../result-files/import/importer';
import { sandboxWithClient } from './sandbox-client';

/** A sandbox, a real client, an in-memory database and an importer wired to them. */
export async function resultFilesContext(options: Partial<ResultFileImporterOptions> = {}) {
  const ctx = await sandboxWithClient();
  const db = await openDatabase(':memory:');
  const importer = new ResultFileImporter({ db: async () => db, zuora: ctx.client, ...options });
  return {
    ...ctx,
    db,
    importer,
    async close() {
      await db.destroy();
      await ctx.sandbox.close();
    },
    async advanceClock(advanceMs: number) {
      await fetch(`${ctx.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs }) });
    },
    /** Uploads a file with a sandbox behaviour, as tooling would, and answers its bulk key. */
    async upload(file: { name: string; bytes: Uint8Array }, behaviour: Record<string, unknown>, actionType = 'UpdateAccountingCode'): Promise<string> {
      const token = await ctx.client.tokens.getToken();
      const form = new FormData();
      form.set('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
      form.set('params', JSON.stringify({ actionType }));
      const response = await fetch(`${ctx.sandbox.url}/v1/bulk`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-sandbox-behaviour': JSON.stringify(behaviour) }, body: form });
      const body = (await response.json()) as { bulkKey?: string };
      if (!body.bulkKey) throw new Error(`upload refused: ${JSON.stringify(body)}`);
      return body.bulkKey;
    },
    async state(bulkKey: string): Promise<MassActionState> {
      return (await ctx.client.getMassAction(bulkKey)).state;
    },
    /** Moves the sandbox clock until the mass action is Completed, Stopped or Failed. */
    async settled(bulkKey: string): Promise<MassActionState> {
      for (;;) {
        const { state } = await ctx.client.getMassAction(bulkKey);
        if (['Completed', 'Stopped', 'Failed'].includes(state.status)) return state;
        await this.advanceClock(1000);
      }
    },
  };
}

export type ResultFilesContext = Awaited<ReturnType<typeof resultFilesContext>>;

/** The rows of a result zip, parsed independently of the engine: the oracle the tests compare with. */
export function readResultZip(zip: Uint8Array): { header: string[]; rows: string[][]; text: string } {
  const [entry] = Object.values(unzipSync(zip));
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(entry);
  const [header = [], ...rows] = parse(text, { bom: true }) as string[][];
  return { header, rows, text };
}

export async function downloadResultZip(ctx: ResultFilesContext, outputUrl: string): Promise<Uint8Array> {
  const { response } = await ctx.client.openResultFile(outputUrl);
  return new Uint8Array(await response.arrayBuffer());
}

/** A fake Zuora whose result file is whatever bytes the test gives. */
export function fakeZuora(bytes: Uint8Array | (() => Response)) {
  const calls: string[] = [];
  return {
    calls,
    zuora: {
      async openResultFile(outputUrl: string) {
        calls.push(outputUrl);
        const response = typeof bytes === 'function' ? bytes() : new Response(bytes as Uint8Array<ArrayBuffer>);
        return { response, meta: { trackId: 't', requestId: null, status: 200 } };
      },
    },
  };
}

export function zipOf(entries: Record<string, string | Uint8Array>): Uint8Array<ArrayBuffer> {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([name, body]) => [name, typeof body === 'string' ? strToU8(body) : body])));
}

export async function memoryDatabase(): Promise<Database> {
  return openDatabase(':memory:');
}

export const FAKE_SOURCE = { bulkKey: 'f'.repeat(32), actionType: 'UpdateAccountingCode', outputUrl: 'https://rest.zuora.com/v1/files/abc123' };

/** A response that sends part of the zip, then waits for `release()` before sending the rest. */
export function gatedResponse(bytes: Uint8Array, sendFirst: number) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= sendFirst) await gate;
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 8 * 1024));
      at += 8 * 1024;
    },
  });
  return { response: new Response(body), release };
}

export async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
