import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, toErrorResponse } from '../api/errors';
import { parseConfig } from '../config';
import type { StopReasonRule } from '../shared/stop-friction';
import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';
import { assertStopReason, requestStop } from './stop-service';

// STOP_REASON_REQUIRED on the server: whatever the dialog did, a stop without a reason where one is
// required is a 400 in the error shape, before the registry or Zuora is asked.

function refusal(reason: string | null, rule: StopReasonRule, kind: ZuoraEnvironmentKind): unknown {
  try {
    assertStopReason(reason, rule, kind);
    return null;
  } catch (error) {
    return error;
  }
}

describe('assertStopReason', () => {
  it('by default (production) requires a reason in production only', () => {
    for (const missing of [null, '', '   ']) {
      expect(refusal(missing, 'production', 'production')).toMatchObject({ status: 400, code: 'reason_required', message: expect.stringMatching(/^A stop in production must give a reason/) });
      expect(refusal(missing, 'production', 'sandbox')).toBeNull();
    }
    expect(refusal('FIN-4821 wrong mapping', 'production', 'production')).toBeNull();
  });

  it('always: a sandbox stop needs one too; never: not even production', () => {
    expect(refusal(null, 'always', 'sandbox')).toMatchObject({ status: 400, code: 'reason_required' });
    expect(refusal('wrong file', 'always', 'sandbox')).toBeNull();
    expect(refusal(null, 'never', 'production')).toBeNull();
  });

  it('answers 400 in the one error shape', async () => {
    const error = refusal(null, 'production', 'production');
    expect(error).toBeInstanceOf(ApiError);
    const response = toErrorResponse(error);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'reason_required', message: expect.stringContaining('must give a reason') } });
  });
});

describe('STOP_REASON_REQUIRED', () => {
  const base = {
    ZUORA_BASE_URL: 'https://rest.zuora.com',
    ZUORA_CLIENT_ID: '5a1f9c2e-0b7d-4e8a-9c3f-000000000001',
    ZUORA_CLIENT_SECRET: 'a-very-secret-value',
    NEXTAUTH_SECRET: 'x'.repeat(32),
    NEXTAUTH_URL: 'http://127.0.0.1:3000',
  };

  it('defaults to production, takes always or never, and names itself when wrong', () => {
    expect(parseConfig(base).stopReasonRequired).toBe('production');
    expect(parseConfig({ ...base, STOP_REASON_REQUIRED: 'always' }).stopReasonRequired).toBe('always');
    expect(parseConfig({ ...base, STOP_REASON_REQUIRED: 'never' }).stopReasonRequired).toBe('never');
    expect(() => parseConfig({ ...base, STOP_REASON_REQUIRED: 'sometimes' })).toThrow(/STOP_REASON_REQUIRED/);
  });

  it('is enforced by requestStop itself, before the database is opened or Zuora asked', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stop-reason-'));
    // This file runs in a process of its own (vitest's forks pool): the configuration is read once, from here.
    for (const [name, value] of Object.entries({ ...base, ZUORA_BASE_URL: 'http://127.0.0.1:9', ZUORA_ENVIRONMENT: 'production', DATA_DIR: dataDir })) vi.stubEnv(name, value);
    try {
      await expect(requestStop('a'.repeat(32), null, { email: 'operator@example.com' })).rejects.toMatchObject({ status: 400, code: 'reason_required' });
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
