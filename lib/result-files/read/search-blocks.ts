import 'server-only';
import type { Database } from '../../db/database';
import { streamBlocks } from './block-reader';
import type { ImportRecord } from '../store/import-records';
import { QueryMemo } from './memo';
import { searchTextOf } from '../store/stored-block';

export interface SearchBlock {
  firstRow: number;
  /** One outcome code per row. */
  outcomes: Uint8Array;
  /** The rows' lower-case search text (stored-block.ts). */
  text: string;
}

// Reading a 500,000-row file's blocks out of the database and lowering their case costs ~150 ms on
// SQLite (about half as much again from PostgreSQL), most of a search's budget; scanning them in
// memory costs a few ms. So the search text of the files searched last stays in memory, within this
// many characters (~1 byte each for Latin-1 text: one 500,000-row file is ~37 M). Only finished
// imports are kept: their blocks never change and their ids are never reused.
export const SEARCH_TEXT_CACHE_CHARS = 96 * 1024 * 1024;

const memo = new QueryMemo<SearchBlock[]>(SEARCH_TEXT_CACHE_CHARS, (blocks) => blocks.reduce((sum, block) => sum + block.text.length, 0));

/** The import's blocks as search reads them, in row order, from memory when the file is warm. */
export async function* searchBlocks(db: Database, record: ImportRecord): AsyncGenerator<SearchBlock> {
  const key = String(record.id);
  const cached = memo.get(db, key);
  if (cached) {
    yield* cached;
    return;
  }
  let isCacheable = record.status === 'ready';
  const kept: SearchBlock[] = [];
  let chars = 0;
  for await (const row of streamBlocks(db, record)) {
    const block = { firstRow: row.first_row, outcomes: row.outcomes, text: searchTextOf(row) };
    if (isCacheable) {
      kept.push(block);
      chars += block.text.length;
      isCacheable = chars <= SEARCH_TEXT_CACHE_CHARS;
    }
    yield block;
  }
  if (isCacheable) memo.set(db, key, kept);
}
