import { describe, expect, it } from 'vitest';
import { buildPayload, jobUrlOf } from './payload';
import { NOTIFICATION_EVENTS } from './shared/events';
import { eventFor } from './testing/events';

const context = { deliveryId: '3f2b8c1e-0000-4000-8000-000000000001', environment: 'production' as const, consoleUrl: 'https://console.example.com' };

describe('the webhook payload', () => {
  it('is Slack-compatible text and fields, plus the facts as plain fields', () => {
    const event = eventFor('stop-requested', { bulkKey: 'a'.repeat(32), detail: 'one of a bulk stop of 12' });
    const payload = buildPayload(event, context);
    expect(payload.text).toBe(`[PRODUCTION] Stop requested: <https://console.example.com/mass-actions/${'a'.repeat(32)}|Invoice fix — March> · asked by Olivia Operator (olivia@example.com) · “Wrong mapping”`);
    expect(payload.attachments[0]).toMatchObject({ title: 'Stop requested: Invoice fix — March', title_link: `https://console.example.com/mass-actions/${'a'.repeat(32)}`, footer: 'Mass Action Console · production', ts: 1_796_117_400 });
    expect(payload.attachments[0]!.fields.map((f) => f.title)).toEqual(['Environment', 'Label', 'Bulk key', 'Counts', 'Who', 'Action type', 'Reason', 'Detail']);
    expect(payload).toMatchObject({ event: 'stop-requested', deliveryId: context.deliveryId, bulkKey: 'a'.repeat(32), environment: 'production', reason: 'Wrong mapping', detail: 'one of a bulk stop of 12', occurredAt: event.at, counts: event.counts, actor: event.actor });
  });

  it('tells a bulk stop as one message, linking to the batch, its mass actions named a few at a time', () => {
    const labels = Array.from({ length: 12 }, (_, i) => `refunds-${i}.csv`);
    const payload = buildPayload(eventFor('stop-requested', { bulkKey: 'batch-812', label: null, detail: '12 stopping.', batch: { id: 812, size: 12, labels } }), context);
    expect(payload.text).toBe('[PRODUCTION] Stop requested (bulk stop #812): <https://console.example.com/audit?batch=812|12 mass actions> · asked by Olivia Operator (olivia@example.com) · “Wrong mapping”');
    const fields = Object.fromEntries(payload.attachments[0]!.fields.map((f) => [f.title, f.value]));
    expect(fields['Mass actions']).toBe('refunds-0.csv, refunds-1.csv, refunds-2.csv, refunds-3.csv, refunds-4.csv and 7 more');
    expect(fields).not.toHaveProperty('Bulk key');
    expect(payload.jobUrl).toBe('https://console.example.com/audit?batch=812');
  });

  it('says when Zuora was seen to change without anyone, and when counts are not known', () => {
    const payload = buildPayload(eventFor('failed', { actor: null, reason: null, label: null, counts: { total: null, processed: null, succeeded: null, failed: null } }), { ...context, environment: 'sandbox' });
    const fields = Object.fromEntries(payload.attachments[0]!.fields.map((f) => [f.title, f.value]));
    expect(fields).toMatchObject({ Environment: 'sandbox', Label: 'no label', Who: 'observed in Zuora', Counts: 'not known yet' });
    expect(fields).not.toHaveProperty('Reason');
    expect(payload.text).toMatch(/^\[sandbox\] Failed: <[^|]+\|[0-9a-f]{32}>$/);
  });

  it('escapes what people typed, so a label or reason cannot ping a channel or forge a link', () => {
    const payload = buildPayload(eventFor('stopped', { label: '<!channel> <https://evil.example|click>', reason: 'a & b <@U123>' }), context);
    expect(payload.text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    expect(payload.text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(payload.attachments[0]!.fields.find((f) => f.title === 'Reason')!.value).toBe('a &amp; b &lt;@U123&gt;');
    // The plain fields keep the words as typed: a program escapes for its own medium.
    expect(payload.reason).toBe('a & b <@U123>');
  });

  it('links to the job page under any base path, without a user name or password from NEXTAUTH_URL', () => {
    expect(jobUrlOf('https://ops.example.com/console/', 'k')).toBe('https://ops.example.com/console/mass-actions/k');
    expect(jobUrlOf('https://admin:hunter2@ops.example.com', 'k')).toBe('https://ops.example.com/mass-actions/k');
  });

  it('has words for every event', () => {
    for (const kind of NOTIFICATION_EVENTS) expect(buildPayload(eventFor(kind), context).text).toMatch(/^\[PRODUCTION\] [A-Z][a-z-]+( [a-zA-Z]+)*: </);
  });
});
