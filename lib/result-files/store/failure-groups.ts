import 'server-only';

/**
 * Failures counted by exact message while an import stores its blocks (sqlite-block-store.ts or
 * postgres-block-store.ts, in the store thread: counting ~70,000 distinct messages cost the parsing
 * thread ~0.25 s of a 500,000-row file).
 * Zuora's messages often name the row's record, so a failing file can hold one per failed row
 * (~15 MB for 70,000), still far less than the rows themselves.
 */
export class FailureGroups {
  private readonly groups = new Map<string, { count: number; first: number }>();

  add(message: string, rowNumber: number): void {
    const group = this.groups.get(message);
    if (group) group.count += 1;
    else this.groups.set(detached(message), { count: 1, first: rowNumber });
  }

  /** Largest first; ties: the one seen first. */
  ranked(): Array<{ message: string; row_count: number; first_row: number }> {
    const groups = Array.from(this.groups, ([message, { count, first }]) => ({ message, row_count: count, first_row: first }));
    return groups.sort((a, b) => b.row_count - a.row_count || a.first_row - b.first_row);
  }
}

/**
 * The same text, no longer a slice of the block it was read from: V8 slices strings, and a message
 * kept for the whole import would otherwise keep its whole block alive, and with one new message
 * every few rows, all of them.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}
