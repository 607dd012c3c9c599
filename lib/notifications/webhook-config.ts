import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { NOTIFICATION_EVENTS, isNotificationEventKind, type NotificationEventKind } from './shared/events';

// The WEBHOOKS variable, read by lib/config.ts: a JSON list of { name?, url, events, secret }. The
// secret sits beside its URL on purpose: a Slack-style URL is itself a credential (its token is in the
// path), so the whole variable belongs in the secret store anyway, and one entry stays one entry.
// Problems name the variable, the entry (index and name) and the field, never a URL or a secret.

export interface WebhookConfig {
  /** The entry's name, or one made from its URL: what the outbox and the notifications page know it by. */
  id: string;
  url: string;
  events: NotificationEventKind[];
  secret: string;
}

export const MIN_SECRET_LENGTH = 32;
const FIELDS = ['name', 'url', 'events', 'secret'];
const EVENT_LIST = NOTIFICATION_EVENTS.join(', ');

const entrySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores').optional(),
  url: z.string({ error: "is required: the receiver's https URL" }),
  events: z.array(z.string(), { error: `is required: a list of events (${EVENT_LIST})` }).min(1, `must list at least one event (${EVENT_LIST})`),
  secret: z.string({ error: `is required: ${MIN_SECRET_LENGTH} or more random characters shared with the receiver (openssl rand -hex 32)` })
    .min(MIN_SECRET_LENGTH, `is too short: it must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -hex 32)`),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `has unknown field(s) ${issue.keys.join(', ')}; the fields are ${FIELDS.join(', ')}` : 'must be an object like { "url": …, "events": […], "secret": … }') });

/** Parses WEBHOOKS (unset or blank: none), adding what is wrong to `problems`. */
export function parseWebhooks(raw: string | undefined, allowPrivateTargets: boolean, problems: string[]): WebhookConfig[] {
  if (!raw?.trim()) return [];
  let listed: unknown;
  try {
    listed = JSON.parse(raw);
  } catch {
    problems.push('WEBHOOKS: is not valid JSON; it must be a list like [{ "url": "https://…", "events": ["stopped"], "secret": "…" }]');
    return [];
  }
  if (!Array.isArray(listed)) {
    problems.push('WEBHOOKS: must be a JSON list of webhooks, [{ "url": …, "events": […], "secret": … }]');
    return [];
  }
  const webhooks = listed.flatMap((entry: unknown, index) => parseEntry(entry, index, allowPrivateTargets, problems));
  const seen = new Set<string>();
  for (const webhook of webhooks) {
    if (seen.has(webhook.id)) problems.push(`WEBHOOKS: two entries are both "${webhook.id}" (the same name, or the same URL without one); give each its own name`);
    seen.add(webhook.id);
  }
  return webhooks;
}

function parseEntry(entry: unknown, index: number, allowPrivateTargets: boolean, problems: string[]): WebhookConfig[] {
  const name = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : null;
  const where = `WEBHOOKS[${index}]${name && /^[\w.-]{1,64}$/.test(name) ? ` ("${name}")` : ''}`;
  const before = problems.length;
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${where}${i.path.length > 0 ? `.${String(i.path[0])}` : ''}: ${i.message}`));
    return [];
  }
  const { url, events, secret } = parsed.data;
  const target = parseTarget(url, allowPrivateTargets, `${where}.url`, problems);
  for (const event of events) {
    // An event name is no secret: saying which one is wrong saves a hunt through the list.
    if (!isNotificationEventKind(event)) problems.push(`${where}.events: "${event.slice(0, 40)}" is not an event; the events are ${EVENT_LIST}`);
  }
  if (problems.length > before || !target) return [];
  return [{ id: parsed.data.name ?? `url-${createHash('sha256').update(target).digest('hex').slice(0, 10)}`, url: target, events: [...new Set(events as NotificationEventKind[])], secret }];
}

function parseTarget(url: string, allowPrivateTargets: boolean, where: string, problems: string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.push(`${where}: is not a URL`);
    return null;
  }
  if (parsed.protocol === 'http:' && !allowPrivateTargets) {
    problems.push(`${where}: must be https; plain http is only for a receiver on your own network, with WEBHOOK_ALLOW_PRIVATE_TARGETS=true`);
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    problems.push(`${where}: must be an https URL`);
    return null;
  }
  return parsed.href;
}

/** Scheme, host and port: all the page shows of a URL, whose path, query or user part may hold a token. */
export function describeTarget(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}
