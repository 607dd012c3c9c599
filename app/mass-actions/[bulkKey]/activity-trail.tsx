import { StopRequestDetails } from '@/components/stop-request-details';
import { TimeLabel } from '@/components/time-label';
import { describeEventDetails } from '@/lib/audit/shared/event-details';
import type { TrailEvent } from '@/lib/audit/shared/types';

/** Who registered it, who asked to stop it and why, what Zuora answered, the status changes seen; where from, for admins. */
export function ActivityTrail({ events, timeZone }: { events: TrailEvent[]; timeZone: string }) {
  return (
    <section aria-labelledby="trail-heading" className="rounded border border-slate-200 bg-white p-4">
      <h2 id="trail-heading" className="mb-2 font-semibold">Activity</h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <ol className="flex flex-col gap-2 text-sm">
          {events.map((event) => (
            <li key={event.id} className="border-l-2 border-slate-200 pl-3 wrap-anywhere">
              <p>
                <span className="text-slate-500"><TimeLabel at={event.at} timeZone={timeZone} /></span> · <span className="font-medium">{event.actorName ?? event.actorEmail}</span>
                {event.clientAddress && <span className="text-slate-500"> from {event.clientAddress}</span>} · {event.summary}
              </p>
              {event.kind === 'stop-request' && <StopRequestDetails details={event.details} />}
              {event.kind === 'mass-action-start' && event.details && <StartDetails event={event} timeZone={timeZone} />}
              {event.zuoraRequestId && <p className="font-mono text-xs text-slate-500">Zuora-Request-Id {event.zuoraRequestId}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * How a start came about, when the trail carries its details (an admin's trail; others get the
 * summary): the file and its rows, and a confirmed overlap or an admin's override with its reason.
 */
function StartDetails({ event, timeZone }: { event: TrailEvent; timeZone: string }) {
  const { notes } = describeEventDetails(event, timeZone);
  if (notes.length === 0) return null;
  return (
    <ul className="text-slate-700">
      {notes.map((note) => <li key={note}>{note}</li>)}
    </ul>
  );
}
