import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { ApiError } from '@/lib/api/api-error';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { parseListQuery } from '@/lib/mass-actions/shared/list-query';
import { getMassActionList } from '@/lib/mass-actions/list-service';
import { MAX_KEYS_PER_REGISTRATION, registerBulkKeys, splitBulkKeys } from '@/lib/mass-actions/register-service';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request: Request) => {
  await requireApiUser('viewer');
  const query = parseListQuery(new URL(request.url).searchParams);
  return NextResponse.json(await getMassActionList(query));
});

const registration = z.object({
  keys: z.string().max(20_000, 'is too long'),
  label: z.string().trim().max(200, 'must be 200 characters or fewer').optional(),
  // 'link': the Register button on the page of a key opened through a link (the audit trail says so).
  via: z.enum(['form', 'link']).default('form'),
});

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser('operator');
  const body = await parseJsonBody(request, registration);
  const keys = splitBulkKeys(body.keys);
  if (keys.length === 0) throw new ApiError(400, 'bad_request', 'Paste at least one bulk key.');
  if (keys.length > MAX_KEYS_PER_REGISTRATION) throw new ApiError(400, 'bad_request', `At most ${MAX_KEYS_PER_REGISTRATION} keys at once; this has ${keys.length}.`);
  if (body.via === 'link' && keys.length !== 1) throw new ApiError(400, 'bad_request', 'A registration from a link names exactly one bulk key.');
  const outcomes = await registerBulkKeys(keys, body.label || null, actorOf(user, request.headers), body.via);
  return NextResponse.json({ outcomes });
});
