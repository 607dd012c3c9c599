import 'server-only';
import { getConfig } from './config';
import type { EnvironmentInfo } from './shared/environment-info';
import { isStopReasonRequired } from './shared/stop-friction';

/** What every page shows of the Zuora tenant the console acts on. */
export function getEnvironmentInfo(): EnvironmentInfo {
  const { zuora, stopReasonRequired } = getConfig();
  return {
    kind: zuora.environment, host: zuora.host, timeZone: zuora.timeZone ?? 'UTC', isZuoraTimeZoneKnown: zuora.timeZone !== null,
    isStopReasonRequired: isStopReasonRequired(stopReasonRequired, zuora.environment),
  };
}
