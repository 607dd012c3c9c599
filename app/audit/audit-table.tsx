import Link from 'next/link';
import { TimeLabel } from '@/components/time-label';
import { auditFilterQuery, type AuditFilterParams } from '@/lib/audit/audit-filter';
import { AUDIT_KIND_LABELS, type AuditPage } from '@/lib/audit/shared/types';
import { EventDetails } from './event-details';

export function AuditTable({ page, filter, timeZone }: { page: AuditPage; filter: AuditFilterParams; timeZone: string }) {
  if (page.events.length === 0) return <p>No entries match these filters.</p>;
  const { before: _before, ...everyPage } = filter;
  return (
    <>
      <p className="mb-2 text-sm">
        <a href={`/api/audit/export${auditFilterQuery(everyPage)}`} download className="text-blue-700 underline" aria-describedby="audit-export-note">Download as CSV</a>{' '}
        <span id="audit-export-note" className="text-slate-600">every entry these filters match, not only this page; safe to open in a spreadsheet; the download is recorded here</span>
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              {['When', 'Who', 'From', 'Kind', 'What', 'Mass action', 'Zuora ids'].map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2"><TimeLabel at={event.at} timeZone={timeZone} /></td>
                <td className="px-3 py-2 wrap-anywhere">{event.actorName ?? event.actorEmail}<br /><span className="text-xs text-slate-500">{event.actorEmail}{event.actorRole ? ` · ${event.actorRole}` : ''}</span></td>
                <td className="px-3 py-2 text-xs">{event.clientAddress ?? '—'}</td>
                <td className="px-3 py-2">{AUDIT_KIND_LABELS[event.kind] ?? event.kind}</td>
                <td className="min-w-64 px-3 py-2 wrap-anywhere">
                  {event.summary}
                  <EventDetails event={event} timeZone={timeZone} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {event.bulkKey ? <Link href={`/mass-actions/${event.bulkKey}`} className="text-blue-700 underline">{event.bulkKey.slice(0, 8)}…</Link> : '—'}
                </td>
                <td className="px-3 py-2 font-mono text-xs wrap-anywhere">{event.zuoraRequestId ?? ''}{event.zuoraTrackId ? <><br />{event.zuoraTrackId}</> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextBefore && (
        <Link href={`/audit${auditFilterQuery({ ...filter, before: page.nextBefore })}`} className="mt-3 inline-block text-sm text-blue-700 underline">Older entries</Link>
      )}
    </>
  );
}
