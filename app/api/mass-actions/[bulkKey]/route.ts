import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getJob } from '@/lib/mass-actions/job-service';

export const dynamic = 'force-dynamic';

// A GET never registers: an unregistered key is a 404 that says who can register it, and how.
export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const lookup = await getJob(bulkKey, user);
  if (!lookup) throw new ApiError(404, 'not_found', 'Zuora does not know this bulk key.');
  if (lookup.kind === 'unregistered' && lookup.retryAfterSeconds !== undefined) {
    throw new ApiError(429, 'rate_limited', lookup.preview.zuoraProblem ?? 'Too many lookups.', { retryAfterSeconds: lookup.retryAfterSeconds });
  }
  if (lookup.kind === 'unregistered') {
    throw new ApiError(404, 'not_registered', 'The console does not follow this mass action yet; an operator can register it from its page (POST /api/mass-actions).');
  }
  return NextResponse.json(lookup.job);
});
