import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getOpenSessions } from '@/lib/auth/sessions-service';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => {
  await requireApiUser('admin');
  return NextResponse.json({ people: await getOpenSessions() });
});
