import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { requireApiUser } from '@/lib/auth/session';
import { previewBulkStop } from '@/lib/mass-actions/bulk-stop/bulk-stop-service';
import { bulkStopTargetSchema } from '@/lib/mass-actions/shared/bulk-stop';

export const dynamic = 'force-dynamic';

const previewBody = z.object({ target: bulkStopTargetSchema }).strict();

/** What a bulk stop of a selection or filter would ask Zuora for, for its dialog; nothing is stopped. */
export const POST = withErrors(async (request: Request) => {
  await requireApiUser('operator');
  const { target } = await parseJsonBody(request, previewBody);
  return NextResponse.json(await previewBulkStop(target));
});
