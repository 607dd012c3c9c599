import type { EnvironmentInfo } from '@/lib/shared/environment-info';

/** Unmissable on every page: which Zuora tenant a click here acts on. */
export function EnvironmentBanner({ environment }: { environment: EnvironmentInfo }) {
  const isProduction = environment.kind === 'production';
  return (
    <div
      role="note"
      aria-label="Zuora environment"
      data-environment={environment.kind}
      className={
        isProduction
          ? 'bg-env-production px-4 py-1 text-sm font-semibold tracking-wide text-white'
          : 'bg-env-sandbox px-4 py-1 text-sm font-medium text-white'
      }
    >
      {isProduction ? 'PRODUCTION' : 'Sandbox'} · Zuora at {environment.host}
    </div>
  );
}
