// Browser-safe: how a mass action started from another is named, on the list and the job page.

export function relationWords(member: { relation: 'rest' | 'retry'; partIndex: number | null; partCount: number | null }): string {
  if (member.relation === 'retry') return 'a retry of the failed rows';
  return member.partIndex !== null && member.partCount !== null ? `the rest, part ${member.partIndex} of ${member.partCount}` : 'the rest';
}

export const shortName = (member: { label: string | null; bulkKey: string }) => member.label ?? `${member.bulkKey.slice(0, 8)}…`;
