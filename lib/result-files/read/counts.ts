import 'server-only';
import type { Database } from '../../db/database';
import { formatCount } from '../../shared/format';
import type { MassActionState } from '../../mass-actions/shared/types';
import { filterRows, type RowFilter } from './row-filter';
import { countMatches } from './search';
import { countsOf, readableImport } from './status';
import type { CountCheck, CountComparison, OutcomeCounts } from '../shared/types';

/** The chips' numbers: rows by outcome in the file, or among the rows a search or an error group keeps. */
export async function getOutcomeCounts(db: Database, bulkKey: string, filter: Partial<RowFilter> = {}): Promise<OutcomeCounts & { isPartial: boolean }> {
  const record = await readableImport(db, bulkKey);
  const isPartial = record.status !== 'ready';
  const matches = await filterRows(db, record, { search: filter.search ?? '', template: filter.template ?? '' });
  if (!matches) return { ...countsOf(record), isPartial };
  const [failed, notProcessed, succeeded] = countMatches(matches);
  return { succeeded, failed, notProcessed, all: succeeded + failed + notProcessed, isPartial };
}

type ZuoraCounts = Pick<MassActionState, 'successCount' | 'errorCount' | 'totalCount' | 'processedCount'>;

const WORDS: Record<CountComparison['outcome'], string> = { succeeded: 'succeeded', failed: 'failed', not_processed: 'not processed', all: 'in all' };

/** Checks the file against Zuora's own counts; a disagreement is worth telling the operator about. */
export function compareWithZuora(file: OutcomeCounts, zuora: ZuoraCounts): CountCheck {
  const { successCount, errorCount, totalCount } = zuora;
  const processed = zuora.processedCount ?? (successCount !== null && errorCount !== null ? successCount + errorCount : null);
  const comparisons: CountComparison[] = [
    compare('succeeded', file.succeeded, successCount),
    compare('failed', file.failed, errorCount),
    compare('not_processed', file.notProcessed, totalCount !== null && processed !== null ? totalCount - processed : null),
    compare('all', file.all, totalCount),
  ];
  const problems = comparisons
    .filter((c) => !c.agrees)
    .map((c) => `The result file has ${formatCount(c.file)} rows ${WORDS[c.outcome]}; Zuora counts ${formatCount(c.zuora)}.`);
  return { agrees: problems.length === 0, comparisons, problems };
}

function compare(outcome: CountComparison['outcome'], file: number, zuora: number | null): CountComparison {
  return { outcome, file, zuora, agrees: zuora === null || zuora === file };
}
