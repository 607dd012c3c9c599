import 'server-only';
import { formatCount } from '../shared/format';
import type { PreviewColumn, Problem, Warning } from './shared/check-types';
import { EXAMPLES_SHOWN, quoteList, rowList } from './shared/wording';
import { isBlankLine, type CsvShape, type QuoteError } from './csv-records';
import { linesAt } from './text-check';

// What is wrong with an upload's rows, gathered row by row as the file is read: blank lines, rows
// whose field count is not the header's, a malformed quote, and rows Zuora already ran (a response
// file sent back). Only the first few of each are kept, with the count, for the messages.

export class RowChecks {
  private readonly blank: number[] = [];
  private blankCount = 0;
  private readonly ragged: Array<{ row: number; fields: number }> = [];
  private raggedCount = 0;
  private ranCount = 0;
  private readonly successIndex: number;

  constructor(
    private readonly columnCount: number,
    private readonly responseColumns: readonly PreviewColumn[],
  ) {
    this.successIndex = responseColumns.find((c) => c.name.trim() === 'Success')?.index ?? -1;
  }

  /** `row` from 1; false for a blank line, which is no row of data. */
  add(record: readonly string[], row: number, byteLength: number): boolean {
    if (isBlankLine(record, byteLength)) {
      this.blankCount += 1;
      if (this.blank.length < EXAMPLES_SHOWN) this.blank.push(row);
      return false;
    }
    if (record.length !== this.columnCount) {
      this.raggedCount += 1;
      if (this.ragged.length < EXAMPLES_SHOWN) this.ragged.push({ row, fields: record.length });
    }
    if (this.successIndex >= 0 && /^[YN]$/i.test((record[this.successIndex] ?? '').trim())) this.ranCount += 1;
    return true;
  }

  problems(csv: Uint8Array, shape: CsvShape): Problem[] {
    const problems: Problem[] = [];
    const linesOf = (rows: number[]) => linesAt(csv, rows.map((row) => shape.bounds[row] ?? 0));
    if (this.blankCount > 0) {
      const count = this.blankCount;
      problems.push({ code: 'blank_lines', message: `The file has ${count === 1 ? 'a blank line' : `${formatCount(count)} blank lines`} (${rowList(linesOf(this.blank), count, 'line')}). Zuora may read each one as a row, and fail it: remove ${count === 1 ? 'it' : 'them'}.` });
    }
    if (this.raggedCount > 0) {
      const lines = linesOf(this.ragged.map((r) => r.row));
      const examples = this.ragged.map((r, k) => `row ${formatCount(r.row)} (line ${formatCount(lines[k] ?? 0)}) has ${formatCount(r.fields)}`).join(', ');
      const more = this.raggedCount > this.ragged.length ? `, and ${formatCount(this.raggedCount - this.ragged.length)} more` : '';
      problems.push({
        code: 'ragged_rows',
        message: `${this.raggedCount === 1 ? 'A row does' : `${formatCount(this.raggedCount)} rows do`} not have the header's ${formatCount(this.columnCount)} fields: ${examples}${more}. Zuora reads cells by their position, so such a row's values land in the wrong columns; a comma inside a value must be inside quotes.`,
      });
    }
    if (shape.quoteError) problems.push(quoteProblem(csv, shape.quoteError));
    return problems;
  }

  /** A response file sent back as it is: Zuora's own columns in an upload, and rows it already ran. */
  warnings(): Warning[] {
    if (this.responseColumns.length === 0) return [];
    const ran = this.ranCount;
    const rerun = ran > 0 ? ` ${ran === 1 ? 'One of its rows' : `${formatCount(ran)} of its rows`} already ran (Success is Y or N): uploaded again, ${ran === 1 ? 'it runs' : 'they run'} again.` : '';
    return [{
      code: 'response_columns',
      message: `The file holds ${quoteList(this.responseColumns.map((c) => c.name))}, which Zuora writes in its response file: this looks like a response file.${rerun} To finish a stopped mass action, start "the rest" from its page; to retry failed rows, use its fix file.`,
    }];
  }
}

/** Where reading stopped: the record and field a malformed quote was found in. */
export function quoteProblem(csv: Uint8Array, quote: QuoteError): Problem {
  const [line = 1] = linesAt(csv, [quote.recordStart]);
  const where = `${quote.record === 0 ? 'the header' : `row ${formatCount(quote.record)}`} (starting on line ${formatCount(line)}), field ${formatCount(quote.field + 1)}`;
  return quote.kind === 'unclosed'
    ? { code: 'unclosed_quote', message: `A quote opened in ${where} is never closed, so the rest of the file reads as one cell and was not checked. Close the quote; a quote inside a quoted cell is written twice ("").` }
    : { code: 'bad_quote', message: `${where.charAt(0).toUpperCase()}${where.slice(1)} has a stray quote: a cell holding a quote must be quoted as a whole, with the quote written twice ("say ""hi"""). The file was not checked past it.` };
}
