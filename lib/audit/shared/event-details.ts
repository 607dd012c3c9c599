// Browser-safe: an entry's details in words, as the audit page and its CSV give them to an admin.
import { formatCount } from '../../shared/format';
import { formatInZone } from '../../shared/time';
import { describeZuoraAnswer, readStopDetails } from './stop-details';
import { AUDIT_KIND_LABELS, AUDIT_KINDS, type AuditEvent, type AuditKind } from './types';

export interface EventWords {
  /** A stop's reason, as the operator typed it. */
  reason: string | null;
  /** The mass action's label: a stop's when it was asked for, a registration's as given. */
  label: string | null;
  /** Zuora's answer to a stop, in words. */
  zuoraAnswer: string | null;
  /** The rest an admin may need beside the summary, a sentence each: how a key was registered, counts, files, filters. */
  notes: string[];
}

type Details = Record<string, unknown>;

// Entries are kept as written, so every detail is read defensively: older entries lack some.
const textOf = (details: Details | null | undefined, key: string) => (typeof details?.[key] === 'string' && details[key] !== '' ? (details[key] as string) : null);
const numberOf = (details: Details | null | undefined, key: string) => (typeof details?.[key] === 'number' && Number.isFinite(details[key]) ? (details[key] as number) : null);
const objectOf = (details: Details | null | undefined, key: string) => (details?.[key] && typeof details[key] === 'object' ? (details[key] as Details) : null);

const REGISTERED_VIA: Record<string, string> = {
  form: 'How: pasted into the Register panel',
  link: 'How: the Register button on the page of a link to it',
  api: 'How: through the console API',
  demo: 'How: by the demo launcher',
  console: 'How: started in the console',
};

const SIGN_IN_METHODS: Record<string, string> = { 'local account': 'Method: local account', 'single sign-on': 'Method: single sign-on' };

const OUTCOMES: Record<string, string> = { succeeded: 'succeeded rows', failed: 'failed rows', not_processed: 'rows not processed' };
const SORTS: Record<string, string> = {
  'row-desc': 'last row first',
  'outcome-asc': 'failed rows first',
  'outcome-desc': 'succeeded rows first',
};

export function describeEventDetails(event: Pick<AuditEvent, 'kind' | 'details' | 'repeats'>, timeZone: string): EventWords {
  const { details } = event;
  const words: EventWords = { reason: null, label: null, zuoraAnswer: null, notes: [] };
  const note = (text: string | null) => {
    if (text) words.notes.push(text);
  };
  switch (event.kind) {
    case 'stop-request': {
      const stop = readStopDetails(details);
      Object.assign(words, { reason: stop.reason, label: stop.label, zuoraAnswer: stop.zuoraAnswer && describeZuoraAnswer(stop.zuoraAnswer) });
      const before = textOf(details, 'statusBefore');
      if (before) note(`Before the stop: ${[before, describeProgress(details)].filter(Boolean).join(', ')}`);
      break;
    }
    case 'registration': {
      words.label = textOf(details, 'label');
      note(REGISTERED_VIA[textOf(details, 'via') ?? ''] ?? null);
      const seen = [textOf(details, 'actionType'), textOf(details, 'status')].filter(Boolean).join(', ');
      note(seen ? `Zuora said then: ${seen}` : null);
      break;
    }
    case 'mass-action-start': {
      words.label = textOf(details, 'label');
      const rows = numberOf(details, 'rows');
      note([textOf(details, 'actionType'), textOf(details, 'file'), rows === null ? null : `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`].filter(Boolean).join(', ') || null);
      const overlap = objectOf(details, 'overlap');
      const reason = textOf(overlap, 'reason');
      if (reason) note(`${overlap?.adminOverride === true ? 'Admin override of the payments block' : 'Overlap with earlier uploads confirmed'}: ${reason}`);
      if (details?.replayed === true) note('Zuora had this upload already (the same Idempotency-Key): no second mass action');
      break;
    }
    case 'stop-batch': {
      words.reason = textOf(details, 'reason');
      const byStatus = objectOf(details, 'byStatus');
      if (byStatus) note(`Asked to stop: ${Object.entries(byStatus).map(([status, n]) => `${formatCount(Number(n))} ${status === 'Not read yet' ? 'not read yet' : status}`).join(', ')}`);
      const processed = numberOf(details, 'processedRows');
      if (processed !== null) note(`${formatCount(processed)} rows already processed across them`);
      const leftOut = Array.isArray(details?.leftOut) ? details.leftOut.length : 0;
      if (leftOut > 0) note(`${formatCount(leftOut)} left out (no longer stoppable, or not registered)`);
      break;
    }
    case 'status-change':
      note(describeProgress(details));
      break;
    case 'sign-in-failed':
      note(SIGN_IN_METHODS[textOf(details, 'method') ?? ''] ?? null);
      if (event.repeats) note(describeRepeats(event.repeats, timeZone));
      break;
    case 'file-download':
      note(textOf(details, 'fileName') && `File: ${textOf(details, 'fileName')}`);
      note(objectOf(details, 'view') && `View: ${describeView(objectOf(details, 'view')!)}`);
      note(textOf(details, 'template') && `Error group: “${textOf(details, 'template')}”`);
      note(objectOf(details, 'filter') && `Filter: ${describeAuditFilter(objectOf(details, 'filter')!)}`);
      break;
    default:
      // Sign-ins, ended sessions and refused files: the summary says all there is.
      break;
  }
  return words;
}

/** "40 of 90 rows processed" */
function describeProgress(details: Details | null): string | null {
  const processed = numberOf(details, 'processedCount');
  const total = numberOf(details, 'totalCount');
  if (processed === null) return null;
  return total === null ? `${formatCount(processed)} rows processed` : `${formatCount(processed)} of ${formatCount(total)} rows processed`;
}

/** "Then 4 more failed attempts and 95 throttled attempts, the last at 2026-12-01 09:14:03 UTC−08:00 (counted, not listed one by one)." */
function describeRepeats({ failed, throttled, lastAt }: { failed: number; throttled: number; lastAt: string }, timeZone: string): string {
  const parts = [
    failed > 0 ? `${formatCount(failed)} more failed ${failed === 1 ? 'attempt' : 'attempts'}` : null,
    throttled > 0 ? `${formatCount(throttled)} throttled ${throttled === 1 ? 'attempt' : 'attempts'}` : null,
  ].filter(Boolean);
  return `Then ${parts.join(' and ')}, the last at ${formatInZone(lastAt, timeZone)} (counted, not listed one by one).`;
}

/** A result-view export's view: "failed rows, search “2.50”, last row first". */
function describeView(view: Details): string {
  const outcome = textOf(view, 'outcome');
  const search = textOf(view, 'search');
  const template = textOf(view, 'template');
  const sort = textOf(view, 'sort');
  return [
    OUTCOMES[outcome ?? ''] ?? 'all rows',
    search && `search “${search}”`,
    template && `error group “${template}”`,
    SORTS[sort ?? ''] ?? null,
  ].filter(Boolean).join(', ');
}

/** An audit-trail export's filter: "kind Sign-in, person “viewer@”, from 2026-11-01 to 2026-11-29 (America/Los_Angeles)". */
function describeAuditFilter(filter: Details): string {
  const kind = textOf(filter, 'kind');
  const from = textOf(filter, 'from');
  const to = textOf(filter, 'to');
  const zone = textOf(filter, 'timeZone');
  const range = from || to ? `${from ? `from ${from}` : 'up'} to ${to ?? 'now'}${zone ? ` (${zone})` : ''}` : null;
  const parts = [
    kind && (AUDIT_KINDS as readonly string[]).includes(kind) ? `kind ${AUDIT_KIND_LABELS[kind as AuditKind]}` : null,
    textOf(filter, 'actor') && `person “${textOf(filter, 'actor')}”`,
    textOf(filter, 'bulkKey') && `bulk key ${textOf(filter, 'bulkKey')}`,
    range,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none (the whole trail)';
}
