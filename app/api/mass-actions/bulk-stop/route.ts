import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { bulkStop } from '@/lib/mass-actions/bulk-stop/bulk-stop-service';
import { BULK_STOP_MAX_KEYS, bulkStopTargetSchema } from '@/lib/mass-actions/shared/bulk-stop';
import { isBulkKey } from '@/lib/zuora/shared/bulk-key';
import { auditRefusedStop } from '../[bulkKey]/stop/refused-stop';

export const dynamic = 'force-dynamic';

const stopBody = z.object({
  target: bulkStopTargetSchema,
  reason: z.string().trim().min(1, 'is required: say why these are stopped').max(500, 'must be 500 characters or fewer'),
  /** The keys the dialog showed as stoppable: the server stops only if that is still what the target holds. */
  expectedKeys: z.array(z.string().refine(isBulkKey, 'each must be a 32-character bulk key')).min(1).max(BULK_STOP_MAX_KEYS),
  confirmation: z.string().max(20).nullable().default(null),
}).strict();

/** Stops every stoppable mass action of a selection or filter; answers key by key once all have answered. */
export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser('operator').catch((error: unknown) => auditRefusedStop(error, '', request.headers));
  const body = await parseJsonBody(request, stopBody);
  return NextResponse.json(await bulkStop(body, actorOf(user, request.headers)));
});
