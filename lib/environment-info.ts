import type { ZuoraEnvironmentKind } from './zuora/hosts';

export interface EnvironmentInfo {
  kind: ZuoraEnvironmentKind;
  host: string;
}
