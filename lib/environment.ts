import 'server-only';
import { getConfig } from './config';
import type { EnvironmentInfo } from './shared/environment-info';

/** What every page shows of the Zuora tenant the console acts on. */
export function getEnvironmentInfo(): EnvironmentInfo {
  const { zuora } = getConfig();
  return { kind: zuora.environment, host: zuora.host };
}
