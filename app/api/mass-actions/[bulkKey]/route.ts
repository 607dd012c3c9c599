import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { getJob } from '@/lib/mass-actions/job-service';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const job = await getJob(bulkKey, actorOf(user, request.headers));
  if (!job) throw new ApiError(404, 'not_found', 'Zuora does not know this bulk key.');
  return NextResponse.json(job);
});
