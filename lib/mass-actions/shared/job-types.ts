import type { ChainView } from './chain-types';
import type { TrailEvent } from '../../audit/shared/types';
import type { MassActionRow, MassActionView } from './types';

/** What the job page receives (browser-safe mirror of job-service's Job). */
export interface JobView {
  row: MassActionRow;
  /** The chain it belongs to (started from another, or others started from it); null when it stands alone. */
  chain: ChainView | null;
  /** Redacted for the viewer's role on the server (lib/audit/trail-redaction.ts). */
  trail: TrailEvent[];
  stuckAfterMs: number;
  zuoraProblem: string | null;
  generatedAt: string;
}

/** A bulk key the console does not follow: what Zuora says of it, read once and recorded nowhere. */
export interface UnregisteredJobView {
  bulkKey: string;
  /** Null when Zuora could not be asked. */
  state: MassActionView | null;
  /** Why Zuora could not be asked, in words; null when it answered. */
  zuoraProblem: string | null;
  /** When Zuora was asked (ISO, UTC). */
  readAt: string;
}
