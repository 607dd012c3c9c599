import type { AuditEvent } from '../../audit/shared/types';
import type { MassActionRow } from './types';

/** What the job page receives (browser-safe mirror of job-service's Job). */
export interface JobView {
  row: MassActionRow;
  trail: AuditEvent[];
  stuckAfterMs: number;
  zuoraProblem: string | null;
  generatedAt: string;
}
