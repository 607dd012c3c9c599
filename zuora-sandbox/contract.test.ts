import { readFileSync } from 'node:fs';
import { Ajv, type AnySchema } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES } from './life-cycle';
import type { Sandbox } from './server';
import { getToken, requestToken, startTestSandbox, stopAction, upload, uploadKey } from './test-client';

// Zuora's published OpenAPI files, copied unchanged from ../shared/zuora/openapi into ./openapi.
type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; description?: string };
type Spec = { definitions: Record<string, Schema>; paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, Schema & { minLength?: number; maxLength?: number }> }> }>> };
const loadSpec = (name: string) => parseYaml(readFileSync(new URL(`./openapi/${name}`, import.meta.url), 'utf8')) as Spec;
const massUpdater = loadSpec('zuora-mass-updater-api-openapi.yml');
const oauth = loadSpec('zuora-oauth-api-openapi.yml');
const files = loadSpec('zuora-files-api-openapi.yml');

// Swagger 2 formats (int64, date-time) are not checked: Zuora's own dates are `yyyy-MM-dd HH:mm:ss`, not RFC 3339.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
function expectValid(schema: Schema, body: unknown): void {
  const validate = ajv.compile(schema as AnySchema);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

/** The published schema with some fields' types replaced: the documented deviations, nothing more. */
function withTypes(schema: Schema, types: Record<string, string[]>): Schema {
  const properties = { ...schema.properties };
  for (const [field, type] of Object.entries(types)) properties[field] = { ...properties[field], type };
  return { ...schema, properties };
}

const getSchema = massUpdater.definitions.GETMassUpdateType ?? {};
const COUNTS = ['totalCount', 'processedCount', 'successCount', 'errorCount'];
const nullWhileUnset = { outputURL: ['string', 'null'], startedOn: ['string', 'null'], endedOn: ['string', 'null'] };

let sandbox: Sandbox;
let clock: { ms: number; advance(ms: number): void };
let token: string;

beforeAll(async () => {
  ({ sandbox, clock } = await startTestSandbox({ defaultBehaviour: { pendingMs: 1000, rowsPerSecond: 1, failEvery: 2 } }));
  token = await getToken(sandbox.url);
});
afterAll(() => sandbox.close());

const getBulk = (key: string) => fetch(`${sandbox.url}/v1/bulk/${key}`, { headers: { Authorization: `Bearer ${token}` } });

describe('contract with Zuora’s published OpenAPI', () => {
  it('token answers match tokenResponse', async () => {
    const response = await requestToken(sandbox.url);
    const body = (await response.json()) as Record<string, unknown>;
    expectValid(oauth.definitions.tokenResponse ?? {}, body);
    expect(Object.keys(body).sort()).toEqual(Object.keys(oauth.definitions.tokenResponse?.properties ?? {}).sort());
  });

  it('upload answers match POSTMassUpdateResponseType', async () => {
    const body = (await (await upload(sandbox.url, token)).json()) as Record<string, unknown>;
    expectValid(massUpdater.definitions.POSTMassUpdateResponseType ?? {}, body);
    expect(body.bulkKey).toHaveLength(32);
  });

  it('GET answers carry exactly GETMassUpdateType’s fields, and its status values', async () => {
    const statusesInSchema = [...(getSchema.properties?.status?.description ?? '').matchAll(/^\|\s*(\w+)\s*\|/gm)]
      .map((match) => match[1])
      .filter((name) => name !== 'Status');
    expect(statusesInSchema).toEqual([...STATUSES]);
    const body = (await (await getBulk(await uploadKey(sandbox.url, token))).json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(getSchema.properties ?? {}).sort());
    expect(statusesInSchema).toContain(body.status);
  });

  it('counts honour the schema’s string type when countsAsStrings is on, numbers otherwise, null while Pending', async () => {
    for (const field of COUNTS) expect(getSchema.properties?.[field]?.type).toBe('string');
    const asStrings = await uploadKey(sandbox.url, token, { behaviour: { countsAsStrings: true, pendingMs: 0 } });
    const asNumbers = await uploadKey(sandbox.url, token, { behaviour: { pendingMs: 0 } });
    const pending = await uploadKey(sandbox.url, token, { behaviour: { pendingMs: 60_000 } });
    clock.advance(10_000);
    const stringBody = await (await getBulk(asStrings)).json();
    expect(stringBody).toMatchObject({ status: 'Completed' });
    expectValid(getSchema, stringBody); // the published schema, unmodified
    const numberBody = await (await getBulk(asNumbers)).json();
    expectValid(withTypes(getSchema, Object.fromEntries(COUNTS.map((field) => [field, ['integer']]))), numberBody);
    const pendingBody = (await (await getBulk(pending)).json()) as Record<string, unknown>;
    expectValid(withTypes(getSchema, { ...nullWhileUnset, ...Object.fromEntries(COUNTS.map((field) => [field, ['null']])) }), pendingBody);
    for (const field of ['uploadedOn', 'startedOn', 'endedOn']) expect(stringBody[field]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('stop answers and error answers match CommonResponseType', async () => {
    const common = massUpdater.definitions.CommonResponseType ?? {};
    const key = await uploadKey(sandbox.url, token, { behaviour: { pendingMs: 60_000 } });
    expectValid(common, await (await stopAction(sandbox.url, token, key)).json());
    // Zuora's documented sample has numeric codes although the schema says string: both are answered.
    const reasonCode = { ...common, properties: { ...common.properties, reasons: { type: 'array', items: withTypes(common.properties?.reasons?.items ?? {}, { code: ['string', 'integer'] }) } } };
    for (const response of [await stopAction(sandbox.url, token, key), await getBulk('0'.repeat(32)), await upload(sandbox.url, token, { params: { actionType: 'Nope' } })]) {
      const body = (await response.json()) as { success: boolean; reasons: Array<{ code: unknown }> };
      expectValid(reasonCode, body);
      expect(body.success).toBe(false);
      expect(String(body.reasons[0]?.code)).toMatch(/^\d{8}$/);
    }
    const unauthorized = await fetch(`${sandbox.url}/v1/bulk/${key}`, { headers: { Authorization: 'Bearer nope' } });
    expectValid(common, await unauthorized.json());
  });

  it('responses carry the headers each operation declares, with the declared types and lengths', async () => {
    const key = await uploadKey(sandbox.url, token, { behaviour: { pendingMs: 0 } });
    clock.advance(60_000);
    const body = (await (await getBulk(key)).json()) as { outputURL: string };
    const checks: Array<[Spec, string, string, Response]> = [
      [massUpdater, '/v1/bulk/{bulk-key}', 'get', await getBulk(key)],
      [massUpdater, '/v1/bulk', 'post', await upload(sandbox.url, token, { headers: { 'Zuora-Track-Id': 'contract' } })],
      [files, '/v1/files/{file-id}', 'get', await fetch(body.outputURL, { headers: { Authorization: `Bearer ${token}`, 'Zuora-Track-Id': 'contract' } })],
    ];
    for (const [spec, path, method, response] of checks) {
      const declared = spec.paths[path]?.[method]?.responses['200']?.headers ?? {};
      for (const [name, header] of Object.entries(declared)) {
        if (name === 'Content-Encoding' || (name === 'Zuora-Track-Id' && path === '/v1/bulk/{bulk-key}')) continue;
        const value = response.headers.get(name);
        expect(value, `${method} ${path} ${name}`).not.toBeNull();
        if (header.type === 'number') expect(Number.isFinite(Number(value))).toBe(true);
        if (header.minLength !== undefined) expect(value?.length).toBeGreaterThanOrEqual(header.minLength);
        if (header.maxLength !== undefined) expect(value?.length).toBeLessThanOrEqual(header.maxLength);
      }
    }
    // The files API: "The response always contains character encoding information in the Content-Type header."
    expect(checks[2]?.[3].headers.get('content-type')).toMatch(/^application\/zip;\s*charset=UTF-8$/i);
  });
});
