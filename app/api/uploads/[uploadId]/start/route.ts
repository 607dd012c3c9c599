import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ApiError } from '@/lib/api/api-error';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { startUpload } from '@/lib/mass-actions/start-service';

export const dynamic = 'force-dynamic';

const startBody = z.object({
  typedConfirmation: z.string().max(40).optional(),
  overlapReason: z.string().trim().max(500, 'must be 500 characters or fewer').optional(),
  adminOverride: z.boolean().optional(),
});

// Sends a checked file to Zuora (POST /v1/bulk) once the operator confirmed it.
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ uploadId: string }> }) => {
  const user = await requireApiUser('operator');
  const { uploadId } = await params;
  if (!/^\d{1,12}$/.test(uploadId)) throw new ApiError(404, 'not_found', 'There is no such checked file.');
  const body = await parseJsonBody(request, startBody);
  const answer = await startUpload(Number(uploadId), { typedConfirmation: body.typedConfirmation ?? null, overlapReason: body.overlapReason ?? null, adminOverride: body.adminOverride ?? false }, actorOf(user, request.headers));
  return NextResponse.json(answer);
});
