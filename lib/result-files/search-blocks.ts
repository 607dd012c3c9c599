import 'server-only';
import type { Database } from '../db/database';
import type { ImportRecord } from './import-records';

export interface SearchBlock {
  firstRow: number;
  /** One outcome code digit per row. */
  outcomes: string;
  /** The rows' lower-case search texts, separated by SEARCH_RECORD_SEPARATOR. */
  text: string;
}

// Reading a 500,000-row file's blocks out of SQLite costs ~40 ms (~70 ms on a busy machine), most of a
// search's budget; scanning them in memory costs a few ms. So the blocks of the files searched last
// stay in memory, within this many characters (~1 byte each for Latin-1 text: one 500,000-row file
// is ~37 M). Only finished imports are kept: their blocks never change and their ids are never reused.
export const SEARCH_TEXT_CACHE_CHARS = 96 * 1024 * 1024;

const cache = new Map<number, SearchBlock[]>();
let cachedChars = 0;

/** The import's search blocks in row order, from memory when the file is warm. */
export async function* searchBlocks(db: Database, record: ImportRecord): AsyncGenerator<SearchBlock> {
  const cached = cache.get(record.id);
  if (cached) {
    cache.delete(record.id);
    cache.set(record.id, cached);
    yield* cached;
    return;
  }
  const isCacheable = record.status === 'ready';
  const kept: SearchBlock[] = [];
  let chars = 0;
  const rows = db
    .selectFrom('result_search_blocks')
    .select(['first_row', 'outcomes', 'text'])
    .where('import_id', '=', record.id)
    .where('first_row', '<=', record.rows_imported)
    .orderBy('first_row')
    .stream();
  for await (const row of rows) {
    const block = { firstRow: row.first_row, outcomes: row.outcomes, text: row.text };
    if (isCacheable) {
      kept.push(block);
      chars += block.text.length;
    }
    yield block;
  }
  if (isCacheable && chars <= SEARCH_TEXT_CACHE_CHARS) keep(record.id, kept, chars);
}

function keep(importId: number, blocks: SearchBlock[], chars: number): void {
  if (cache.has(importId)) return; // two searches loaded it at once
  cache.set(importId, blocks);
  cachedChars += chars;
  for (const [id, evicted] of cache) {
    if (cachedChars <= SEARCH_TEXT_CACHE_CHARS) break;
    cache.delete(id);
    cachedChars -= evicted.reduce((sum, block) => sum + block.text.length, 0);
  }
}
