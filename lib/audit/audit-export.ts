import 'server-only';
import { neutraliseFormula } from '../shared/spreadsheet-safe';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Database } from '../db/database';
import { formatInZone } from '../shared/time';
import type { AuditFilterParams } from './audit-filter';
import { appendAuditEvent, eachAuditEventPage, type Actor, type AuditFilter } from './audit-trail';
import { describeEventDetails } from './shared/event-details';
import { AUDIT_KIND_LABELS, type AuditEvent } from './shared/types';

export interface AuditExport {
  fileName: string;
  contentType: string;
  /** A Node stream; the route answers `new Response(Readable.toWeb(stream))`. */
  stream: Readable;
}

// Made to be opened in a spreadsheet, and reasons, labels, names and summaries are whatever people
// typed: every cell goes through the spreadsheet-safe rule (lib/shared/spreadsheet-safe.ts).

export function auditCsvHeader(timeZone: string): string[] {
  return [
    'Time (UTC, ISO 8601)', `Time (${timeZone})`, 'Who', 'Name', 'Role', 'From (client address)', 'Kind', 'What', 'Details',
    'Bulk key', 'Reason', 'Label', "Zuora's answer", 'Zuora-Request-Id', 'Zuora-Track-Id',
  ].map(neutraliseFormula);
}

export function auditCsvRow(event: AuditEvent, timeZone: string): string[] {
  const words = describeEventDetails(event, timeZone);
  return [
    event.at, formatInZone(event.at, timeZone), event.actorEmail, event.actorName ?? '', event.actorRole ?? '', event.clientAddress ?? '',
    AUDIT_KIND_LABELS[event.kind] ?? event.kind, event.summary, words.notes.join('; '),
    event.bulkKey ?? '', words.reason ?? '', words.label ?? '', words.zuoraAnswer ?? '', event.zuoraRequestId ?? '', event.zuoraTrackId ?? '',
  ].map(neutraliseFormula);
}

/**
 * Every entry the filter matches as CSV, newest first, streamed a page of the trail at a time (so
 * a long trail never sits in memory whole). The export is itself recorded, as a file download: the
 * trail holds who did what from where, and a copy of it leaving the console is worth knowing about.
 * The file holds the trail as it stood when the export began, so its own entry is not in it.
 */
export async function openAuditExport(
  db: Database, { params, filter }: { params: AuditFilterParams; filter: AuditFilter }, actor: Actor, timeZone: string, now = new Date(),
): Promise<AuditExport> {
  const fileName = `audit-trail_${params.from ?? 'start'}_to_${params.to ?? formatInZone(now.toISOString(), timeZone).slice(0, 10)}.csv`;
  const { before: _before, ...recorded } = params;
  const ownId = await appendAuditEvent(db, actor, {
    kind: 'file-download',
    summary: 'Downloaded the audit trail as CSV',
    details: { kind: 'audit-trail', fileName, filter: { ...recorded, timeZone } },
  }, now);

  async function* records() {
    yield auditCsvHeader(timeZone);
    for await (const events of eachAuditEventPage(db, { ...filter, before: ownId })) yield* events.map((event) => auditCsvRow(event, timeZone));
  }
  // BOM: spreadsheets read the file as UTF-8 then (names, “quotes”, the zone's minus sign). A line
  // break inside a cell is quoted, which csv-stringify only does by itself for the record delimiter.
  const output = stringify({ bom: true, quoted_match: /[\r\n]/ });
  pipeline(Readable.from(records()), output).catch(() => undefined); // an error reaches the reader through `output`
  return { fileName, contentType: 'text/csv; charset=utf-8', stream: output };
}
