import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { requestStop } from '@/lib/mass-actions/stop-service';

export const dynamic = 'force-dynamic';

const stopBody = z.object({ reason: z.string().trim().max(500, 'must be 500 characters or fewer').optional() });

export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('operator');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const { reason } = await parseJsonBody(request, stopBody);
  const outcome = await requestStop(bulkKey, reason || null, actorOf(user, request.headers));
  return NextResponse.json(outcome);
});
