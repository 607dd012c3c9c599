import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';

export interface EnvironmentInfo {
  kind: ZuoraEnvironmentKind;
  host: string;
}
