import { ProgressBar } from '@/components/progress-bar';
import { FactList } from '@/components/fact-list';
import { TimeLabel, ZuoraTime } from '@/components/time-label';
import { StatusBadge } from '@/components/status-badge';
import type { UnregisteredJobView } from '@/lib/mass-actions/shared/job-types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCount } from '@/lib/shared/format';
import { RegisterFromLink } from './register-from-link';

interface Props {
  preview: UnregisteredJobView;
  canOperate: boolean;
  environment: EnvironmentInfo;
}

/** A link to a key the console does not follow: Zuora's view of it, read once, and who can register it. */
export function UnregisteredJob({ preview, canOperate, environment }: Props) {
  const { state } = preview;
  const facts: [string, React.ReactNode][] = [
    ['Status in Zuora', <StatusBadge key="s" status={state?.status ?? null} />],
    ['Environment', `${environment.kind === 'production' ? 'Production' : 'Sandbox'} · ${environment.host}`],
    ['Action type', state?.actionType ?? '—'],
    ['Counts', state ? `${formatCount(state.totalCount)} total · ${formatCount(state.processedCount)} processed · ${formatCount(state.successCount)} succeeded · ${formatCount(state.errorCount)} failed` : '—'],
    ['Uploaded by', state?.uploadedBy ?? '—'],
    ['Uploaded', <ZuoraTime key="up" raw={state?.uploadedOn ?? null} environment={environment} />],
    ['Read from Zuora', <span key="read"><TimeLabel at={preview.readAt} timeZone={environment.timeZone} />, when this page opened; reload to read again</span>],
  ];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Mass action</h1>
        <span className="break-all font-mono text-xs text-slate-600">{preview.bulkKey}</span>
      </div>
      <section aria-labelledby="registration-heading" className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
        <h2 id="registration-heading" className="font-semibold">Not registered in the console yet</h2>
        <p className="mt-1">
          The console does not follow this mass action: it is not refreshed, not stoppable here and its result file is not shown until an operator
          registers it. Opening this link changed nothing.
        </p>
        {canOperate ? (
          <RegisterFromLink bulkKey={preview.bulkKey} />
        ) : (
          <p className="mt-2">Only operators can register it: ask one to open this link and choose “Register this mass action”.</p>
        )}
      </section>
      <section aria-labelledby="zuora-view-heading" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="zuora-view-heading" className="mb-2 font-semibold">What Zuora says</h2>
        {preview.zuoraProblem ? (
          <p role="alert" className="text-sm text-amber-900">Zuora could not be asked about this mass action just now: {preview.zuoraProblem} Reload the page to try again.</p>
        ) : (
          <>
            <ProgressBar total={state?.totalCount ?? null} succeeded={state?.successCount ?? null} failed={state?.errorCount ?? null} status={state?.status ?? null} />
            <FactList facts={facts} />
          </>
        )}
      </section>
    </div>
  );
}
