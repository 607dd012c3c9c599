import type { ActionType } from './action-types';
import type { UploadBehaviour } from './behaviour';

// What each action type requires of its file: the ✱ columns of shared/zuora/upload-files.md.
// Each entry is one requirement: a column, or (CreateRevenueSchedule) one of two. The tables there
// are partial, so nothing else is required and unknown columns are never refused.
const REQUIRED: Record<ActionType, ReadonlyArray<readonly [string, ...string[]]>> = {
  UpdateAccountingCode: [['Object Key'], ['Object Type']],
  CreateRevenueSchedule: [['Subscription Charge Key', 'Linked Transaction Key']],
  UpdateRevenueSchedule: [['Revenue Schedule Number']],
  DeleteRevenueSchedule: [['Revenue Schedule Number']],
  ImportFXRate: [['Provider Exchange Rate Date'], ['Currency (From)'], ['Currency (To)'], ['Exchange Rate']],
  MPU: [['Payment Amount'], ['Currency'], ['Payment Date'], ['Payment Method ID']],
};

export type HeaderMatch = UploadBehaviour['headerMatch'];

// 'loose': case, surrounding spaces and runs of spaces do not matter.
const looseName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Finds a column by Zuora's label, wherever it stands (`#` columns may sit anywhere, so Zuora
 * probably matches by name). A `#` column is never one of Zuora's; the first of duplicates wins.
 */
export function columnFinder(header: readonly string[], headerMatch: HeaderMatch): (label: string) => number | undefined {
  const fold = headerMatch === 'loose' ? looseName : (name: string) => name;
  const byName = new Map<string, number>();
  header.forEach((name, index) => {
    if (!name.trimStart().startsWith('#') && !byName.has(fold(name))) byName.set(fold(name), index);
  });
  return (label) => byName.get(fold(label));
}

function describeRequirement([label, ...alternatives]: readonly [string, ...string[]]): string {
  return alternatives.length === 0 ? label : `${label} (or ${alternatives.join(' or ')})`;
}

/** The requirements the header does not meet, worded for a refusal; empty when the header is fine. */
export function missingRequiredColumns(actionType: ActionType, header: readonly string[], headerMatch: HeaderMatch): string[] {
  const find = columnFinder(header, headerMatch);
  return REQUIRED[actionType]
    .filter((requirement) => requirement.every((label) => find(label) === undefined))
    .map(describeRequirement);
}

/** Why a row with a blank required value fails on its own ("bad values fail row by row"), or null. */
export function blankRequiredValue(actionType: ActionType, cell: (label: string) => string): string | null {
  const blank = REQUIRED[actionType].find((requirement) => requirement.every((label) => cell(label) === ''));
  if (!blank) return null;
  const [label, ...alternatives] = blank;
  return alternatives.length === 0 ? `${label} is required` : `${label} is required unless ${alternatives.join(' or ')} is given`;
}
