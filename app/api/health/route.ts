import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

// Public on purpose, for load balancers and uptime probes: it answers only ok/failing per component,
// never configuration, hosts or error details (those go to the server log).
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === 'failing' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
