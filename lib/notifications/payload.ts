import 'server-only';
import { formatCount } from '../shared/format';
import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';
import { NOTIFICATION_EVENT_TITLES, type NotificationEvent, type NotificationEventKind } from './shared/events';

// The body every webhook gets: what Slack (and the receivers that speak its incoming-webhook format:
// Mattermost, Rocket.Chat, Discord's /slack, Teams' workflows) display — `text` and one attachment
// with fields — plus the same facts as plain fields for a program. Built from the event and two
// settings only, so a token, a secret or the Zuora client id has no way in.

export interface PayloadContext {
  deliveryId: string;
  environment: ZuoraEnvironmentKind;
  /** NEXTAUTH_URL: where the job page is. */
  consoleUrl: string;
}

interface SlackField {
  title: string;
  value: string;
  short: boolean;
}

export interface WebhookPayload {
  text: string;
  attachments: { color: string; fallback: string; title: string; title_link: string; fields: SlackField[]; footer: string; ts: number }[];
  event: NotificationEventKind;
  deliveryId: string;
  bulkKey: string;
  environment: ZuoraEnvironmentKind;
  jobUrl: string;
  label: string | null;
  actionType: string | null;
  counts: NotificationEvent['counts'];
  actor: NotificationEvent['actor'];
  reason: string | null;
  detail: string | null;
  occurredAt: string;
}

const COLORS: Record<NotificationEventKind, string> = {
  'stop-requested': '#d97706',
  stopped: '#d97706',
  'auto-stop-fired': '#d97706',
  'completed-with-failures': '#d97706',
  failed: '#b91c1c',
  'stuck-in-stopping': '#b91c1c',
};

export function buildPayload(event: NotificationEvent, context: PayloadContext): WebhookPayload {
  const jobUrl = event.batch ? batchUrlOf(context.consoleUrl, event.batch.id) : jobUrlOf(context.consoleUrl, event.bulkKey);
  const title = event.batch ? `${NOTIFICATION_EVENT_TITLES[event.kind]} (bulk stop #${event.batch.id})` : NOTIFICATION_EVENT_TITLES[event.kind];
  const name = event.batch ? `${formatCount(event.batch.size)} mass action${event.batch.size === 1 ? '' : 's'}` : (event.label ?? event.bulkKey);
  const who = describeWho(event);
  const reason = event.reason ? clip(event.reason, 300) : null;
  const text = [
    `[${context.environment === 'production' ? 'PRODUCTION' : 'sandbox'}] ${title}: <${jobUrl}|${escapeMrkdwn(clip(name, 120))}>`,
    who && escapeMrkdwn(who),
    reason && `“${escapeMrkdwn(reason)}”`,
  ].filter(Boolean).join(' · ');
  const fields: SlackField[] = [
    { title: 'Environment', value: context.environment, short: true },
    ...(event.batch
      ? [{ title: 'Mass actions', value: escapeMrkdwn(clip(describeLabels(event.batch), 1000)), short: false }]
      : [
          { title: 'Label', value: event.label ? escapeMrkdwn(clip(event.label, 300)) : 'no label', short: true },
          { title: 'Bulk key', value: event.bulkKey, short: true },
        ]),
    { title: 'Counts', value: describeCounts(event.counts), short: true },
    { title: 'Who', value: escapeMrkdwn(who ?? 'observed in Zuora'), short: true },
    ...(event.actionType ? [{ title: 'Action type', value: escapeMrkdwn(event.actionType), short: true }] : []),
    ...(event.reason ? [{ title: 'Reason', value: escapeMrkdwn(clip(event.reason, 1000)), short: false }] : []),
    ...(event.detail ? [{ title: 'Detail', value: escapeMrkdwn(clip(event.detail, 1000)), short: false }] : []),
  ];
  return {
    text,
    attachments: [{ color: COLORS[event.kind], fallback: text, title: `${title}: ${clip(name, 120)}`, title_link: jobUrl, fields, footer: `Mass Action Console · ${context.environment}`, ts: Math.floor(Date.parse(event.at) / 1000) }],
    event: event.kind,
    deliveryId: context.deliveryId,
    bulkKey: event.bulkKey,
    environment: context.environment,
    jobUrl,
    label: event.label,
    actionType: event.actionType,
    counts: event.counts,
    actor: event.actor ? { name: event.actor.name, email: event.actor.email } : null,
    reason: event.reason,
    detail: event.detail,
    occurredAt: event.at,
  };
}

/** "refunds-1.csv, refunds-2.csv and 10 more" */
function describeLabels({ labels, size }: { labels: string[]; size: number }): string {
  const shown = labels.slice(0, 5);
  const more = size - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${formatCount(more)} more` : shown.join(', ');
}

/** A bulk stop's entries in the audit trail (admins), key by key. */
function batchUrlOf(consoleUrl: string, batchId: number): string {
  const base = new URL(consoleUrl);
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return `${base.origin}${path}audit?batch=${batchId}`;
}

/** The job page on the console's public URL; a user name or password in NEXTAUTH_URL is left out. */
export function jobUrlOf(consoleUrl: string, bulkKey: string): string {
  const base = new URL(consoleUrl);
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return `${base.origin}${path}mass-actions/${encodeURIComponent(bulkKey)}`;
}

function describeWho(event: NotificationEvent): string | null {
  if (!event.actor) return null;
  const person = event.actor.name ? `${event.actor.name} (${event.actor.email})` : event.actor.email;
  if (event.kind === 'stop-requested') return `asked by ${person}`;
  if (event.kind === 'auto-stop-fired') return `rule set by ${person}`;
  return `by ${person}`;
}

function describeCounts({ total, processed, succeeded, failed }: NotificationEvent['counts']): string {
  const parts = [
    total !== null && `${formatCount(total)} rows`,
    processed !== null && `${formatCount(processed)} processed`,
    succeeded !== null && `${formatCount(succeeded)} succeeded`,
    failed !== null && `${formatCount(failed)} failed`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'not known yet';
}

// A label or reason is typed by a person: escaped, "<!channel>" is text, not a ping of everyone.
function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
