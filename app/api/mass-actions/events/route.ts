import { ApiError } from '@/lib/api/api-error';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getStatusRefresher } from '@/lib/mass-actions/list-service';
import { statusEventStream } from '@/lib/mass-actions/status-events';

export const dynamic = 'force-dynamic';

// Status changes as server-sent events, for the list and job pages (app/mass-actions/use-status-events.ts).
export const GET = withErrors(async (request: Request) => {
  await requireApiUser('viewer');
  if (!request.headers.get('accept')?.includes('text/event-stream')) {
    throw new ApiError(406, 'not_acceptable', 'This address streams server-sent events; ask for text/event-stream.');
  }
  return statusEventStream(getStatusRefresher(), request.signal);
});
