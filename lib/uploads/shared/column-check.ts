// Browser-safe: an upload's header against its action type's columns, and its rows' required cells.
//
// Zuora's headers are its labels exactly; whether it matches them regardless of case or surrounding
// spaces is UNCONFIRMED. So a column that is a required one but for case or spacing is a refusal (the
// column counts as missing: sending it may fail every row), and an optional one so written is a warning
// (Zuora may ignore it, which it does with any column it does not know). A column the console does not
// know is never refused: Zuora's column lists are partial.
import { capitalise, formatCount } from '../../shared/format';
import { actionTypeSpec, isInformationalColumn, isResponseColumn, type ActionType } from './action-types';
import type { PreviewColumn, Problem, Warning } from './check-types';
import { EXAMPLES_SHOWN, listOf, quoted, quoteList, rowList } from './wording';

export interface HeaderCheck {
  columns: PreviewColumn[];
  problems: Problem[];
  warnings: Warning[];
  /** Columns Zuora writes in its response file (`Success`…): this may be a response file sent back. */
  responseColumns: PreviewColumn[];
}

const NAMES_LISTED = 12;

const canonical = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const position = (column: PreviewColumn) => `column ${formatCount(column.index + 1)}`;

export function checkHeader(header: readonly string[], type: ActionType): HeaderCheck {
  const spec = actionTypeSpec(type);
  const requiredNames = [...spec.required, ...spec.requiredOneOf.flat()];
  const expected = [...requiredNames, ...spec.known];
  const byCanonical = new Map(expected.map((name) => [canonical(name), name]));
  const present = new Set(header);
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  const nearMisses = new Set<string>();

  const columns = header.map((name, index): PreviewColumn => {
    if (isInformationalColumn(name)) return { index, name, kind: 'informational' };
    if (requiredNames.includes(name)) return { index, name, kind: 'required' };
    if (spec.known.includes(name) || spec.knownPrefixes.some((prefix) => name.startsWith(prefix))) return { index, name, kind: 'known' };
    const column: PreviewColumn = { index, name, kind: 'unknown' };
    if (isResponseColumn(name, type)) return { ...column, note: 'Zuora writes this column in its response file.' };
    const lookalike = byCanonical.get(canonical(name)) ?? prefixLookalike(name, spec.knownPrefixes);
    if (lookalike === undefined || name.trim() === '') return column;
    nearMisses.add(lookalike);
    const isRequired = requiredNames.includes(lookalike);
    const differs = `${position(column)} is ${quoted(name)}, not ${quoted(lookalike)} (${differences(name, lookalike)})`;
    if (isRequired && !present.has(lookalike)) {
      problems.push({ code: 'column_name_mismatch', message: `${capitalise(differs)}: Zuora's headers are exact, and whether it ignores case and spaces is unconfirmed, so rename it to ${quoted(lookalike)}.` });
    } else if (present.has(lookalike)) {
      warnings.push({ code: 'column_name_mismatch', message: `${capitalise(differs)}, and the file has ${quoted(lookalike)} too: Zuora may read it as a second ${quoted(lookalike)}. Rename or remove it.` });
    } else {
      warnings.push({ code: 'column_name_mismatch', message: `${capitalise(differs)}: if Zuora matches headers exactly it ignores this column, so rename it to ${quoted(lookalike)}.` });
    }
    return { ...column, note: `Looks like ${quoted(lookalike)}.` };
  });

  problems.push(...missingColumns(header, type, nearMisses));
  const duplicates = duplicateColumns(columns);
  problems.push(...duplicates.problems);
  warnings.push(...duplicates.warnings);

  const unnamed = columns.filter((c) => c.name.trim() === '');
  if (unnamed.length > 0) {
    const where = unnamed.length === 1 ? `Column ${formatCount(unnamed[0]!.index + 1)} has` : `Columns ${listOf(unnamed.map((c) => formatCount(c.index + 1)))} have`;
    warnings.push({ code: 'unnamed_columns', message: `${where} no name. Zuora may refuse the file or ignore them: name them, or start the name with # to mark them informational.` });
  }
  const unknown = [...new Set(columns.filter((c) => c.kind === 'unknown' && c.note === undefined && c.name.trim() !== '').map((c) => c.name))];
  if (unknown.length > 0) {
    const one = unknown.length === 1;
    warnings.push({
      code: 'unknown_columns',
      message: `The console does not know ${one ? 'the column' : 'the columns'} ${namesOf(unknown.map((name) => ({ name })))} for ${spec.label}. ${one ? 'It is' : 'They are'} sent to Zuora as ${one ? 'it is' : 'they are'} (Zuora's column lists are partial): check the spelling against Zuora's template.`,
    });
  }
  return { columns, problems, warnings, responseColumns: columns.filter((c) => c.kind === 'unknown' && isResponseColumn(c.name, type)) };
}

export interface RequiredCellsTracker {
  /** `rowNumber` from 1, the header not counted. */
  add(row: readonly string[], rowNumber: number): void;
  warnings(): Warning[];
}

/**
 * Rows that leave a required cell blank, or every column of a required-one-of group: Zuora fails
 * such rows one by one (Success = N), so the file is not refused for them. Row by row, so the rows
 * need not be kept.
 */
export function trackRequiredCells(header: readonly string[], type: ActionType): RequiredCellsTracker {
  const spec = actionTypeSpec(type);
  const indexOf = (name: string) => header.indexOf(name);
  const rules = [
    ...spec.required.filter((name) => indexOf(name) >= 0).map((name) => ({ indexes: [indexOf(name)], what: `${quoted(name)} is blank in` })),
    ...spec.requiredOneOf.map((group) => ({ group, indexes: group.map(indexOf).filter((i) => i >= 0) }))
      .filter(({ indexes }) => indexes.length > 0)
      .map(({ group, indexes }) => ({ indexes, what: `Neither ${quoteList(group, 'nor')} is given in` })),
  ].map((rule) => ({ ...rule, shown: [] as number[], total: 0 }));
  return {
    add(row, rowNumber) {
      for (const rule of rules) {
        if (!rule.indexes.every((index) => (row[index] ?? '').trim() === '')) continue;
        rule.total += 1;
        if (rule.shown.length < EXAMPLES_SHOWN) rule.shown.push(rowNumber);
      }
    },
    warnings: () =>
      rules
        .filter((rule) => rule.total > 0)
        .map((rule) => ({ code: 'blank_required_cells' as const, message: `${rule.what} ${rowList(rule.shown, rule.total)}: Zuora will fail ${rule.total === 1 ? 'that row' : 'those rows'}.` })),
  };
}

/** trackRequiredCells over rows at hand. */
export function checkRequiredCells(header: readonly string[], rows: readonly (readonly string[])[], type: ActionType): Warning[] {
  const tracker = trackRequiredCells(header, type);
  rows.forEach((row, i) => tracker.add(row, i + 1));
  return tracker.warnings();
}

function missingColumns(header: readonly string[], type: ActionType, nearMisses: ReadonlySet<string>): Problem[] {
  const spec = actionTypeSpec(type);
  const isAbsent = (name: string) => !header.includes(name) && !nearMisses.has(name);
  const sentences: string[] = [];
  const missing = spec.required.filter(isAbsent);
  if (missing.length > 0) sentences.push(`The header lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${quoteList(missing)}, which every ${spec.label} file needs.`);
  for (const group of spec.requiredOneOf) {
    if (group.every(isAbsent)) sentences.push(`The header has neither ${quoteList(group, 'nor')}: each ${spec.label} row needs one of them.`);
  }
  if (sentences.length === 0) return [];
  const only = header.length === 1 ? header[0] : undefined;
  const separator = only === undefined ? undefined : [';', '\t', '|'].find((s) => only.includes(s));
  if (separator !== undefined) {
    sentences.push(`Its one column holds "${separator === '\t' ? 'tabs' : separator}": the file seems separated by ${separator === ';' ? 'semicolons' : separator === '\t' ? 'tabs' : 'bars'}, and Zuora takes commas (in Excel, save as "CSV UTF-8 (Comma delimited)").`);
  } else {
    sentences.push(header.length === 0 ? 'The header is empty.' : `Its columns are ${namesOf(header.map((name) => ({ name })))}.`);
  }
  return [{ code: 'missing_columns', message: sentences.join(' ') }];
}

function duplicateColumns(columns: readonly PreviewColumn[]): { problems: Problem[]; warnings: Warning[] } {
  const byName = new Map<string, PreviewColumn[]>();
  for (const column of columns) {
    if (column.kind === 'informational' || column.name.trim() === '') continue;
    byName.set(column.name, [...(byName.get(column.name) ?? []), column]);
  }
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  for (const [name, repeats] of byName) {
    if (repeats.length < 2) continue;
    const times = repeats.length === 2 ? 'twice' : `${formatCount(repeats.length)} times`;
    const where = `columns ${listOf(repeats.map((c) => formatCount(c.index + 1)))}`;
    if (repeats[0]!.kind === 'unknown') {
      warnings.push({ code: 'duplicate_columns', message: `${quoted(name)} appears ${times} (${where}): Zuora may read either, or refuse the file. Keep one.` });
    } else {
      problems.push({ code: 'duplicate_columns', message: `${quoted(name)} appears ${times} (${where}): Zuora would read only one of them, and which is unconfirmed. Keep one.` });
    }
  }
  return { problems, warnings };
}

function prefixLookalike(name: string, prefixes: readonly string[]): string | undefined {
  const prefix = prefixes.find((p) => canonical(name).startsWith(canonical(p)));
  return prefix === undefined ? undefined : `${prefix}${name.trim().slice(prefix.length).trim()}`;
}

function differences(found: string, expected: string): string {
  const trimmed = found.trim();
  const collapsed = trimmed.replace(/\s+/g, ' ');
  const kinds: string[] = [];
  if (trimmed !== found) kinds.push('spaces around it');
  if (collapsed !== trimmed) kinds.push('extra spaces inside it');
  if (collapsed !== expected) kinds.push('different capitals');
  return kinds.join(', ');
}

function namesOf(columns: ReadonlyArray<{ name: string }>): string {
  const names = columns.slice(0, NAMES_LISTED).map((c) => c.name);
  const more = columns.length - names.length;
  return more > 0 ? `${names.map(quoted).join(', ')} and ${formatCount(more)} more` : quoteList(names);
}

