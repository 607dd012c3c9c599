import 'server-only';
import type { Database } from '../../db/database';
import { messageTemplate } from '../shared/message-template';
import type { ImportRecord } from '../store/import-records';
import { QueryMemo } from './memo';
import { completeImport } from './status';
import { messageOfStored } from '../store/stored-text';
import type { ErrorGroup, ErrorGroupList } from '../shared/types';

/** The exact messages a group lists, largest first; "Show rows" shows them all. */
export const ERROR_GROUP_MESSAGES = 5;

/**
 * Failures grouped by the template of their message (shared/message-template.ts), largest group
 * first (ties: the group failing first), one page at a time. Worked out from the exact messages the
 * import counted (store/failure-groups.ts), so it needs the whole file.
 */
export async function listErrorGroups(db: Database, bulkKey: string, options: { page?: number; pageSize?: number } = {}): Promise<ErrorGroupList> {
  const { page = 1, pageSize = 20 } = options;
  const record = await completeImport(db, bulkKey);
  const { groups, totalMessages } = await templateGroups(db, record);
  return {
    groups: groups.slice((page - 1) * pageSize, page * pageSize),
    totalGroups: groups.length,
    totalMessages,
    failedRows: record.failed_count,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(groups.length / pageSize)),
  };
}

interface TemplateGroups {
  groups: ErrorGroup[];
  totalMessages: number;
  /** Characters kept: what the memo weighs. */
  chars: number;
}

// A 500,000-row file's 71,000 failures with 36,000 distinct messages take ~0.1 s to group (reading
// them, and ~1 µs a template); the groups of the files viewed last stay here, so paging through them
// costs nothing. Only finished imports are grouped, and their messages never change.
const memo = new QueryMemo<TemplateGroups>(16 * 1024 * 1024, (value) => value.chars);

async function templateGroups(db: Database, record: ImportRecord): Promise<TemplateGroups> {
  const key = String(record.id);
  const cached = memo.get(db, key);
  if (cached) return cached;
  const exact = await db.selectFrom('result_error_groups').select(['message', 'row_count', 'first_row']).where('import_id', '=', record.id).orderBy('rank').execute();
  const byTemplate = new Map<string, ErrorGroup>();
  let chars = 0;
  // In rank order (largest first), so each group's messages come largest first.
  for (const { message: stored, row_count: count, first_row: firstRowNumber } of exact) {
    const message = messageOfStored(stored);
    const template = messageTemplate(message);
    const group = byTemplate.get(template);
    if (!group) {
      byTemplate.set(template, { template, count, firstRowNumber, example: message, messageCount: 1, messages: [{ message, count, firstRowNumber }] });
      chars += template.length + message.length;
      continue;
    }
    group.count += count;
    group.messageCount += 1;
    if (firstRowNumber < group.firstRowNumber) {
      Object.assign(group, { firstRowNumber, example: message });
      chars += message.length;
    }
    if (group.messages.length < ERROR_GROUP_MESSAGES) {
      group.messages.push({ message, count, firstRowNumber });
      chars += message.length;
    }
  }
  const groups = [...byTemplate.values()].sort((a, b) => b.count - a.count || a.firstRowNumber - b.firstRowNumber);
  const value = { groups, totalMessages: exact.length, chars };
  memo.set(db, key, value);
  return value;
}
