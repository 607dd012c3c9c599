import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { endAllSessionsOf } from '@/lib/auth/sessions-service';

export const dynamic = 'force-dynamic';

const endBody = z.object({ identity: z.string().trim().min(1, 'is required').max(320) });

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser('admin');
  const { identity } = await parseJsonBody(request, endBody);
  return NextResponse.json(await endAllSessionsOf(identity, actorOf(user, request.headers)));
});
