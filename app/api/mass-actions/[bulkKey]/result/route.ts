import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { getResultView } from '@/lib/mass-actions/result-view-service';
import { parseResultViewQuery } from '@/lib/result-files/shared/view-query';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const { row, ...query } = parseResultViewQuery(new URL(request.url).searchParams);
  const view = await getResultView(bulkKey, query, row, actorOf(user, request.headers));
  if (!view) throw new ApiError(404, 'not_found', 'The console has no record of this mass action from Zuora yet (if it is not registered, an operator can register it from its page).');
  return NextResponse.json(view);
});
