import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionType } from './action-types';
import type { UploadBehaviour } from './behaviour';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './sandbox-credentials';
import * as files from './scenario-files';

export interface SeededMassAction {
  bulkKey: string;
  label: string;
  actionType: string;
  scenario: string;
}

interface ScenarioPlan {
  scenario: string;
  actionType: ActionType;
  file: () => files.ScenarioFile;
  behaviour: Partial<UploadBehaviour>;
  stop?: 'at-once' | 'while-processing';
}

const MINUTE = 60_000;

// Between them these pass through all six statuses; Stopping is seen on the way to Stopped.
const PLANS: ScenarioPlan[] = [
  { scenario: 'completed-with-failures', actionType: 'UpdateAccountingCode', file: () => files.csvFile('accounting-codes-2026-11.csv', files.accountingCodeRows(120)), behaviour: { pendingMs: 2000, rowsPerSecond: 40, failEvery: 7 } },
  { scenario: 'completed-clean', actionType: 'UpdateRevenueSchedule', file: () => files.csvFile('revenue-schedule-updates-2026-10.csv', files.revenueScheduleUpdateRows(80)), behaviour: { pendingMs: 1500, rowsPerSecond: 40, failEvery: 0 } },
  { scenario: 'failed', actionType: 'DeleteRevenueSchedule', file: () => files.csvFile('revenue-schedule-deletes-q3.csv', files.revenueScheduleDeleteRows(25)), behaviour: { pendingMs: 2500, outcome: 'fail' } },
  { scenario: 'stopped-while-processing', actionType: 'UpdateAccountingCode', file: () => files.csvFile('accounting-codes-reclass-2026-10.csv', files.accountingCodeRows(4000)), behaviour: { pendingMs: 0, rowsPerSecond: 250, failEvery: 11, stoppingMs: 10_000 }, stop: 'while-processing' },
  { scenario: 'stopped-while-pending', actionType: 'ImportFXRate', file: () => files.csvFile('fx-rates-2026-12-draft.csv', files.fxRateRows(30)), behaviour: { pendingMs: 60 * MINUTE, stoppingMs: 8000 }, stop: 'at-once' },
  { scenario: 'long-pending', actionType: 'UpdateAccountingCode', file: () => files.csvFile('accounting-codes-2027-01.csv', files.accountingCodeRows(500)), behaviour: { pendingMs: 10 * MINUTE } },
  { scenario: 'slow-processing', actionType: 'UpdateAccountingCode', file: () => files.csvFile('accounting-codes-restatement-2026.csv', files.accountingCodeRows(20_000)), behaviour: { pendingMs: 2000, rowsPerSecond: 5, failEvery: 13 } },
  { scenario: 'large', actionType: 'UpdateAccountingCode', file: () => files.zipped(files.csvFile('accounting-codes-fy2026-full.csv', files.accountingCodeRows(200_000))), behaviour: { pendingMs: 3000, rowsPerSecond: 2000, failEvery: 997 } },
  { scenario: 'csv-edge-cases', actionType: 'UpdateAccountingCode', file: () => files.csvFile('accounting-codes-edge-cases.csv', files.edgeCaseRows(), { bom: true, crlf: true }), behaviour: { pendingMs: 1000, rowsPerSecond: 20, failEvery: 3 } },
  { scenario: 'fx-rate-groups', actionType: 'ImportFXRate', file: () => files.csvFile('fx-rates-2026-11.csv', files.fxRateRows(60)), behaviour: { pendingMs: 1500, rowsPerSecond: 30, failEvery: 8 } },
  // Counts as JSON strings here, as the schema types them: the console must read both forms.
  { scenario: 'mpu-payments', actionType: 'MPU', file: () => files.csvFile('payments-2026-11-28.csv', files.mpuRows(50)), behaviour: { pendingMs: 1500, rowsPerSecond: 25, failEvery: 6, countsAsStrings: true } },
  { scenario: 'create-revenue-schedules', actionType: 'CreateRevenueSchedule', file: () => files.csvFile('revenue-schedules-new-contracts.csv', files.revenueScheduleCreateRows(70)), behaviour: { pendingMs: 2000, rowsPerSecond: 35, failEvery: 9 } },
];

export const SCENARIO_NAMES = PLANS.map((plan) => plan.scenario);

interface Credentials {
  clientId: string;
  clientSecret: string;
}

async function fetchToken(baseUrl: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: credentials.clientId, client_secret: credentials.clientSecret, grant_type: 'client_credentials' }),
  });
  if (!response.ok) throw new Error(`The sandbox refused the token request: HTTP ${response.status}.`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function uploadPlan(baseUrl: string, token: string, plan: ScenarioPlan, file: files.ScenarioFile): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(file.bytes)]), file.fileName);
  const checksum = createHash('md5').update(file.bytes).digest('hex');
  form.set('params', JSON.stringify({ actionType: plan.actionType, checksum }));
  const response = await fetch(`${baseUrl}/v1/bulk`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': randomUUID(), 'X-Sandbox-Behaviour': JSON.stringify(plan.behaviour) },
    body: form,
  });
  const body = (await response.json()) as { bulkKey?: string; success?: boolean };
  if (response.status !== 200 || body.success !== true || !body.bulkKey) {
    throw new Error(`Uploading ${file.fileName} failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.bulkKey;
}

/** Waits until some rows are processed, so the stop leaves a result file with blank Success rows. */
async function waitForProgress(baseUrl: string, token: string, bulkKey: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/v1/bulk/${bulkKey}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { processedCount?: number | string | null };
    if (Number(body.processedCount ?? 0) >= 50) return;
    await sleep(100);
  }
  throw new Error(`Mass action ${bulkKey} made no progress within 20 s: is the sandbox clock moving?`);
}

async function stop(baseUrl: string, token: string, bulkKey: string): Promise<void> {
  const response = await fetch(`${baseUrl}/v1/bulk/${bulkKey}/stop`, { method: 'PUT', headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`Stopping ${bulkKey} failed: HTTP ${response.status} ${await response.text()}`);
}

/** Starts one mass action per scenario through the public API, as an operator's tooling would. */
export async function seedScenarios(baseUrl: string, credentials: Credentials = { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }): Promise<SeededMassAction[]> {
  const token = await fetchToken(baseUrl, credentials);
  return Promise.all(
    PLANS.map(async (plan) => {
      const file = plan.file();
      const bulkKey = await uploadPlan(baseUrl, token, plan, file);
      if (plan.stop === 'while-processing') await waitForProgress(baseUrl, token, bulkKey);
      if (plan.stop !== undefined) await stop(baseUrl, token, bulkKey);
      return { bulkKey, label: file.fileName, actionType: plan.actionType, scenario: plan.scenario };
    }),
  );
}
