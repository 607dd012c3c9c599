import { z } from 'zod';
import { RESULT_OUTCOMES, ROW_SORTS, type RowsQuery } from './types';

// Browser-safe: the page keeps the view in the URL, the route handler parses it back with this.

export const MAX_PAGE_SIZE = 200;
export const MAX_SEARCH_LENGTH = 200;
// Zuora's messages are a sentence or two; this leaves room while keeping links a sane length.
export const MAX_ERROR_LENGTH = 2000;

export const rowsQuerySchema = z.object({
  outcome: z.enum(['all', ...RESULT_OUTCOMES]).default('all'),
  search: z.string().max(MAX_SEARCH_LENGTH).default(''),
  error: z.string().max(MAX_ERROR_LENGTH).default(''),
  sort: z.enum(ROW_SORTS).default('row-asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

export const DEFAULT_ROWS_QUERY: RowsQuery = rowsQuerySchema.parse({});
