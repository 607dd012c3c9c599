import { z } from 'zod';
import { MAX_TEMPLATE_LENGTH } from './message-template';
import { RESULT_OUTCOMES, ROW_SORTS, type RowsQuery } from './types';

// Browser-safe: the page keeps the view in the URL, the route handler parses it back with this.

export const MAX_PAGE_SIZE = 200;
export const MAX_SEARCH_LENGTH = 200;

export const rowsQuerySchema = z.object({
  outcome: z.enum(['all', ...RESULT_OUTCOMES]).default('all'),
  search: z.string().max(MAX_SEARCH_LENGTH).default(''),
  // Templates are cut at MAX_TEMPLATE_LENGTH (and end with "…" then), so every group's fits.
  template: z.string().max(MAX_TEMPLATE_LENGTH).default(''),
  sort: z.enum(ROW_SORTS).default('row-asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

export const DEFAULT_ROWS_QUERY: RowsQuery = rowsQuerySchema.parse({});

export const MAX_ERROR_GROUP_PAGE_SIZE = 100;

/** A page of the error groups (`GET …/result/error-groups?page=2&pageSize=20`). */
export const errorGroupsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_ERROR_GROUP_PAGE_SIZE).default(20),
});
