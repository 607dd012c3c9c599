import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { appendAuditEvent, listAuditEvents } from '../audit/audit-trail';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import { captureLogs } from '../testing/log-capture';
import { sandboxWithClient, uploadCsv } from '../testing/sandbox-client';
import { ZuoraError } from '../zuora/errors';
import { getJob, type JobSources } from './job-service';
import { findMassAction, listMassActions, registerMassAction } from './registry';
import { listQuerySchema } from './shared/list-query';
import { StatusRefresher } from './status-refresher';
import { MassActionLookups } from './zuora-lookups';

// The job page and its GET against a real sandbox: opening a link must never write anything.

let zuora: Awaited<ReturnType<typeof sandboxWithClient>>;
beforeAll(async () => {
  zuora = await sandboxWithClient();
});
afterAll(async () => zuora.sandbox.close());

describeEachDatabase('getJob', (open) => {
  let db: Database;
  let sources: JobSources;
  beforeEach(async () => {
    db = await open();
    const refresher = new StatusRefresher({ db: async () => db, client: zuora.client, intervalMs: 5000, logger: captureLogs().logger, tickMs: 0 });
    sources = { db, lookups: new MassActionLookups(zuora.client), refresher, stuckAfterMs: 600_000 };
  });

  const startInZuora = async () =>
    (await uploadCsv(zuora.client, 'Object Key,Object Type,Deferred Revenue Accounting Code\nA-1,Invoice Item,ACC-1\nA-2,Invoice Item,ACC-2\n', { pendingMs: 0, rowsPerSecond: 100_000, failEvery: 0 }, zuora.sandbox.url)).bulkKey;

  async function expectNothingWritten(bulkKey: string) {
    expect(await findMassAction(db, bulkKey)).toBeNull();
    expect((await listMassActions(db, listQuerySchema.parse({ tab: 'all' }))).total).toBe(0);
    expect((await listAuditEvents(db)).events).toEqual([]);
  }

  it.each(['viewer', 'operator', 'admin'] as const)("a key the console does not follow: the %s sees Zuora's view, and nothing is registered", async (role) => {
    const bulkKey = await startInZuora();
    const lookup = await getJob(bulkKey, { role: role, email: 'someone@example.com' }, sources);
    expect(lookup).toMatchObject({
      kind: 'unregistered',
      preview: { bulkKey, zuoraProblem: null, state: { status: 'Completed', actionType: 'UpdateAccountingCode', totalCount: 2, successCount: 2, hasResultFile: true } },
    });
    if (lookup?.kind === 'unregistered') expect(lookup.preview.state).not.toHaveProperty('outputUrl');
    await expectNothingWritten(bulkKey);
  });

  it('answers null for a key Zuora does not know, and writes nothing', async () => {
    const unknown = '0123456789abcdef0123456789abcdef';
    expect(await getJob(unknown, { role: 'operator', email: 'someone@example.com' }, sources)).toBeNull();
    await expectNothingWritten(unknown);
  });

  it('says why when Zuora cannot be asked, still without registering', async () => {
    const bulkKey = 'f'.repeat(32);
    const failing = { getMassAction: async () => { throw new ZuoraError('Zuora answered 503.', { kind: 'http', status: 503, retryable: true }); } };
    const lookup = await getJob(bulkKey, { role: 'operator', email: 'someone@example.com' }, { ...sources, lookups: new MassActionLookups(failing) });
    expect(lookup).toEqual({ kind: 'unregistered', preview: { bulkKey, state: null, zuoraProblem: 'Zuora answered 503.', readAt: expect.any(String) } });
    await expectNothingWritten(bulkKey);
  });

  it('gives a registered job with its trail, client addresses and full details for admins only', async () => {
    const bulkKey = await startInZuora();
    await registerMassAction(db, { bulkKey, label: 'e2e.csv', registeredBy: 'olivia@example.com', via: 'form' });
    const operator = { email: 'olivia@example.com', role: 'operator', clientAddress: '10.0.0.7' };
    await appendAuditEvent(db, operator, { kind: 'registration', bulkKey, summary: 'Registered', details: { label: 'e2e.csv', via: 'form' } });
    await appendAuditEvent(db, operator, { kind: 'stop-request', bulkKey, summary: 'Stop requested', details: { reason: 'wrong file', label: 'e2e.csv', zuoraAnswer: 'accepted', processedCount: 1 } });

    const forViewer = await getJob(bulkKey, { role: 'viewer', email: 'someone@example.com' }, sources);
    const forAdmin = await getJob(bulkKey, { role: 'admin', email: 'someone@example.com' }, sources);
    if (forViewer?.kind !== 'registered' || forAdmin?.kind !== 'registered') throw new Error('expected a registered job');
    expect(forViewer.job.row).toMatchObject({ bulkKey, label: 'e2e.csv', state: { status: 'Completed' } });
    expect(forViewer.job.trail.map((e) => e.kind)).toEqual(['registration', 'stop-request', 'status-change']);
    expect(forViewer.job.trail.every((e) => !('clientAddress' in e))).toBe(true);
    expect(forViewer.job.trail.map((e) => e.details)).toEqual([null, { reason: 'wrong file', label: 'e2e.csv', zuoraAnswer: 'accepted' }, null]);
    expect(forAdmin.job.trail.map((e) => e.clientAddress)).toEqual(['10.0.0.7', '10.0.0.7', null]);
    expect(forAdmin.job.trail[1]?.details).toMatchObject({ processedCount: 1 });
  });
});
