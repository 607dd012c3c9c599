// Browser-safe: how the upload checks name columns and rows in their messages.
import { formatCount } from '../../shared/format';

const LONGEST_QUOTED = 60;

/** A name in quotes, cut short when long: a header of one 5 MB line must not become a 5 MB message. */
export function quoted(name: string): string {
  return `"${name.length > LONGEST_QUOTED ? `${name.slice(0, LONGEST_QUOTED - 1)}…` : name}"`;
}

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** `"A"`, `"A" and "B"`, `"A", "B" and "C"`. */
export function quoteList(names: readonly string[], conjunction = 'and'): string {
  return listOf(names.map(quoted), conjunction);
}

/** How many examples a message lists before it says "and N more". */
export const EXAMPLES_SHOWN = 5;

/** "row 4", "rows 4, 9 and 12", "rows 4, 9, 12, 15, 20 and 37 more": `shown` are the first few of `total`. */
export function rowList(shown: readonly number[], total: number, noun = 'row'): string {
  const numbers = shown.map(formatCount);
  if (total === 1) return `${noun} ${numbers[0]}`;
  if (total > numbers.length) return `${noun}s ${numbers.join(', ')} and ${formatCount(total - numbers.length)} more`;
  return `${noun}s ${listOf(numbers)}`;
}
