import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';

export interface EnvironmentInfo {
  kind: ZuoraEnvironmentKind;
  host: string;
  /** The zone every time on screen is shown in: the tenant's (ZUORA_TIME_ZONE), or UTC when it is not set. */
  timeZone: string;
  /** Whether Zuora's own timestamps (which carry no zone) can be placed in time: ZUORA_TIME_ZONE is set. */
  isZuoraTimeZoneKnown: boolean;
  /** Whether a stop here must give a reason (STOP_REASON_REQUIRED, see ./stop-friction.ts); the server insists too. */
  isStopReasonRequired: boolean;
}
