import type { EnvironmentInfo } from '@/lib/shared/environment-info';

/** The tenant a Start acts on, in the environment's colours, as the Stop dialog names it. */
export function EnvironmentChip({ environment, className = '' }: { environment: EnvironmentInfo; className?: string }) {
  const isProduction = environment.kind === 'production';
  return (
    <p className={`rounded px-2 py-1 text-sm font-semibold ${isProduction ? 'bg-env-production-surface text-env-production' : 'bg-env-sandbox-surface text-env-sandbox'} ${className}`}>
      {isProduction ? 'PRODUCTION' : 'Sandbox'} · Zuora at {environment.host}
    </p>
  );
}
