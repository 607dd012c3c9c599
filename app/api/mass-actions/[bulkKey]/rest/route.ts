import { NextResponse } from 'next/server';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { prepareTheRest } from '@/lib/mass-actions/start-service';

export const dynamic = 'force-dynamic';

// The not-processed rows of a Stopped mass action, checked and kept as uploads (parts of 4 MB at most),
// each to be confirmed through POST /api/uploads/{id}/start: nothing is sent to Zuora here.
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('operator');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  return NextResponse.json(await prepareTheRest(bulkKey, actorOf(user, request.headers)));
});
