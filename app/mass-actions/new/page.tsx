import type { Metadata } from 'next';
import { AppHeader } from '@/components/app-header';
import { hasRole } from '@/lib/auth/shared/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { getEnvironmentInfo } from '@/lib/environment';
import { findMassAction } from '@/lib/mass-actions/registry';
import { isActionType, type ActionType } from '@/lib/uploads/shared/action-types';
import { explainBadBulkKey } from '@/lib/zuora/shared/bulk-key';
import type { RetryTarget } from './retry-of';
import { StartView } from './start-view';

export const metadata: Metadata = { title: 'Start a mass action · Mass Action Console' };

type SearchParams = Record<string, string | string[] | undefined>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/**
 * `?retryOf={bulkKey}&actionType={type}` (the job page's "Upload the fixed rows"): the file is a
 * retry of that mass action's failed rows, its corrected fix file; the type is chosen already.
 */
async function readRetryOf(params: SearchParams): Promise<RetryTarget | null> {
  const bulkKey = single(params.retryOf).trim();
  if (!bulkKey) return null;
  const problem = explainBadBulkKey(bulkKey);
  if (problem) return { bulkKey, label: null, actionType: null, problem: `The link asks for a retry of “${bulkKey.slice(0, 40)}”, which is not a bulk key: ${problem}` };
  const row = await findMassAction(await getDatabase(), bulkKey);
  if (!row) return { bulkKey, label: null, actionType: null, problem: `The link asks for a retry of ${bulkKey}, which the console does not follow.` };
  const actionType = row.state?.actionType;
  return { bulkKey, label: row.label, actionType: isActionType(actionType) ? actionType : null, problem: null };
}

export default async function StartMassActionPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser('operator');
  const environment = getEnvironmentInfo();
  const params = await searchParams;
  const retryOf = await readRetryOf(params);
  const asked = single(params.actionType);
  const initialActionType: ActionType | '' = isActionType(asked) ? asked : (retryOf?.actionType ?? '');
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="text-xl font-semibold">Start a mass action</h1>
        <p className="mb-4 mt-1 max-w-3xl text-sm text-slate-600">
          Check the file first: the console reads it and shows what Zuora will receive. Nothing is sent to Zuora until you confirm Start.
        </p>
        <StartView key={retryOf?.bulkKey ?? 'new'} environment={environment} isAdmin={hasRole(user.role, 'admin')} initialActionType={initialActionType} retryOf={retryOf} />
      </main>
    </>
  );
}
