import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { requestStop } from '@/lib/mass-actions/stop-service';
import { auditRefusedStop } from './refused-stop';

export const dynamic = 'force-dynamic';

const stopBody = z.object({ reason: z.string().trim().max(500, 'must be 500 characters or fewer').optional() });

export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const { bulkKey: bulkKeyParam } = await params;
  const user = await requireApiUser('operator').catch((error: unknown) => auditRefusedStop(error, bulkKeyParam, request.headers));
  const bulkKey = parseBulkKeyParam(bulkKeyParam);
  const { reason } = await parseJsonBody(request, stopBody);
  const outcome = await requestStop(bulkKey, reason || null, actorOf(user, request.headers));
  return NextResponse.json(outcome);
});
