import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { openDatabase, type Database, type DatabaseLocation } from '../db/database';
import type { DatabaseKind } from '../db/dialect';
import type { MassActionState } from '../mass-actions/shared/types';
import { ResultFileImporter, type ResultFileImporterOptions } from '../result-files/import/importer';
import { sandboxWithClient } from './sandbox-client';
import { createTestPostgresDatabase, testDatabaseOpener } from './test-databases';

/**
 * A sandbox, a real client, a fresh database of `database`'s kind (SQLite in memory by default,
 * imported in the server thread; PostgreSQL imports through the store thread) and an importer wired to them.
 */
export async function resultFilesContext(options: Partial<ResultFileImporterOptions> & { database?: DatabaseKind } = {}) {
  const { database = 'sqlite', ...importerOptions } = options;
  const ctx = await sandboxWithClient();
  const opener = testDatabaseOpener(database);
  const db = await opener.open();
  const importer = new ResultFileImporter({ db: async () => db, zuora: ctx.client, ...importerOptions });
  return {
    ...ctx,
    db,
    importer,
    async close() {
      await opener.cleanup();
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

export interface SharedTestDatabase {
  /** Where it lives, for another process (result-file-crash-child.ts) to open. */
  location: DatabaseLocation;
  /** One more handle on it, as another console process would have: its own connections. */
  open(): Promise<Database>;
  /** Closes every handle opened here and removes the database. */
  remove(): Promise<void>;
}

/**
 * A fresh database that several handles, store threads and processes can open, as console processes
 * share one: a SQLite file (imports go through the store thread, as on a server), or a PostgreSQL database.
 */
export async function sharedTestDatabase(kind: DatabaseKind): Promise<SharedTestDatabase> {
  let location: DatabaseLocation;
  let drop: () => Promise<void>;
  if (kind === 'postgres') {
    const created = await createTestPostgresDatabase();
    location = created.location;
    drop = created.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'result-files-'));
    location = { kind: 'sqlite', file: path.join(dir, 'console.sqlite') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const handles: Database[] = [];
  return {
    location,
    async open() {
      const db = await openDatabase(location);
      handles.push(db);
      return db;
    },
    async remove() {
      // A test may have closed a handle itself; a second destroy only fails.
      for (const db of handles.splice(0)) await db.destroy().catch(() => undefined);
      await drop();
    },
  };
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
