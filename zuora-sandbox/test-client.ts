// Helpers for the sandbox's own tests: a real HTTP client, as the console would be.
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { startSandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, type Sandbox, type SandboxOptions } from './server';

export const START_MS = Date.UTC(2026, 10, 29, 18, 0, 0);

/** A sandbox whose clock only moves when the test says so. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; clock: { ms: number; advance(ms: number): void } }> {
  const clock = {
    ms: START_MS,
    advance(ms: number) {
      clock.ms += ms;
    },
  };
  const sandbox = await startSandbox({ now: () => clock.ms, ...options });
  return { sandbox, clock };
}

export async function requestToken(url: string, secret = SANDBOX_CLIENT_SECRET): Promise<Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: SANDBOX_CLIENT_ID, client_secret: secret, grant_type: 'client_credentials' }),
  });
}

export async function getToken(url: string): Promise<string> {
  const response = await requestToken(url);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export interface UploadInput {
  fileName?: string;
  content?: string | Uint8Array;
  params?: unknown;
  behaviour?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function upload(url: string, token: string, input: UploadInput = {}): Promise<Response> {
  const form = new FormData();
  const content = input.content ?? 'Object Key,Object Type,Deferred Revenue Accounting Code\nINV-1,Invoice Item,DR-1\n';
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), input.fileName ?? 'codes.csv');
  const params = input.params ?? { actionType: 'UpdateAccountingCode' };
  form.set('params', typeof params === 'string' ? params : JSON.stringify(params));
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...input.headers };
  if (input.behaviour !== undefined) headers['X-Sandbox-Behaviour'] = JSON.stringify(input.behaviour);
  return fetch(`${url}/v1/bulk`, { method: 'POST', headers, body: form, signal: input.signal });
}

export async function uploadKey(url: string, token: string, input: UploadInput = {}): Promise<string> {
  const response = await upload(url, token, input);
  const body = (await response.json()) as { bulkKey?: string };
  if (response.status !== 200 || !body.bulkKey) throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.bulkKey;
}

export type ActionBody = Record<string, unknown> & { status: string; outputURL: string | null };

export async function getAction(url: string, token: string, bulkKey: string): Promise<ActionBody> {
  const response = await fetch(`${url}/v1/bulk/${bulkKey}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as ActionBody;
}

export async function stopAction(url: string, token: string, bulkKey: string): Promise<Response> {
  return fetch(`${url}/v1/bulk/${bulkKey}/stop`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` } });
}

/** Downloads a result zip and returns its one CSV, as text and as records. */
export async function downloadResult(outputURL: string, token: string): Promise<{ name: string; text: string; records: string[][] }> {
  const response = await fetch(outputURL, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`download failed: ${response.status}`);
  const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const [name, bytes] = Object.entries(entries)[0] ?? ['', new Uint8Array()];
  // ignoreBOM keeps a BOM in the text, so tests can see it is there.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { name, text, records: parse(text, { bom: true }) as string[][] };
}

export async function control(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
