import { ApiError } from '@/lib/api/api-error';
import { actorOf } from '@/lib/auth/actor';
import { getUser } from '@/lib/auth/session';
import { recordRefusedStop } from '@/lib/mass-actions/stop-service';
import { isBulkKey } from '@/lib/zuora/shared/bulk-key';

/**
 * requireApiUser's 403 for a signed-in user without the operator role, put in the audit trail (who
 * tried, on which key, why refused) and then rethrown, so the answer stays the same. A 401 has no
 * one to record.
 */
export async function auditRefusedStop(error: unknown, bulkKeyParam: string, headers: Headers): Promise<never> {
  const user = error instanceof ApiError && error.code === 'forbidden' ? await getUser() : null;
  if (user) {
    await recordRefusedStop(isBulkKey(bulkKeyParam) ? bulkKeyParam : null, actorOf(user, headers), `a ${user.role} may not stop mass actions (the operator role is needed)`);
  }
  throw error;
}
