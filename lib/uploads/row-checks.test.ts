import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records';
import { quoteProblem, RowChecks } from './row-checks';

/** The checks over a CSV, as file-check.ts runs them. */
function checked(csv: string, responseColumns: { index: number; name: string }[] = []) {
  const bytes = new TextEncoder().encode(csv);
  let checks: RowChecks | null = null;
  const rows: boolean[] = [];
  const shape = readCsvRecords(bytes, (record, index, bounds) => {
    if (index === 0) checks = new RowChecks(record.length, responseColumns.map((c) => ({ ...c, kind: 'unknown' as const })));
    else rows.push(checks!.add(record, index, bounds[index + 1]! - bounds[index]!));
  });
  return { rows, problems: checks!.problems(bytes, shape), warnings: checks!.warnings() };
}

describe('the checks of an upload, row by row', () => {
  it('find nothing in a well-formed file, and take every row as a row', () => {
    expect(checked('a,b\n1,2\n"3\n3",4\n')).toEqual({ rows: [true, true], problems: [], warnings: [] });
  });

  it('leave blank lines out of the rows, and name their lines', () => {
    const { rows, problems } = checked('a,b\n1,2\n\n"x\ny",3\n\n');
    expect(rows).toEqual([true, false, true, false]);
    expect(problems.map((p) => p.message)).toEqual(['The file has 2 blank lines (lines 3 and 6). Zuora may read each one as a row, and fail it: remove them.']);
  });

  it('keep five ragged rows for the message and count the rest', () => {
    const csv = `a,b\n${Array.from({ length: 40 }, (_, i) => (i % 4 ? '1,2' : '1')).join('\n')}\n`;
    expect(checked(csv).problems[0]?.message).toMatch(/^10 rows do not have the header's 2 fields: row 1 \(line 2\) has 1, row 5 \(line 6\) has 1, row 9 \(line 10\) has 1, row 13 \(line 14\) has 1, row 17 \(line 18\) has 1, and 5 more\./);
  });

  it('name a malformed quote, in the header too', () => {
    expect(checked('a,b\n1,2\n\n3,"x\n').problems.map((p) => p.code)).toEqual(['blank_lines', 'unclosed_quote']);
    const bytes = new TextEncoder().encode('a,"b\n1,2\n');
    const { quoteError } = readCsvRecords(bytes, () => undefined);
    expect(quoteProblem(bytes, quoteError!).message).toMatch(/^A quote opened in the header \(starting on line 1\), field 2 is never closed/);
  });

  it('count the rows a response file sent back already ran, Y or N in either case', () => {
    const { warnings } = checked('Key,Success,Error Message\nK1,y,\nK2, N ,x\nK3,,\nK4,maybe,\n', [{ index: 1, name: 'Success' }, { index: 2, name: 'Error Message' }]);
    expect(warnings[0]?.message).toContain('2 of its rows already ran');
    expect(checked('Key,Error Message\nK1,x\n', [{ index: 1, name: 'Error Message' }]).warnings[0]?.message).not.toContain('already ran');
  });
});
