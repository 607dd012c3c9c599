import 'server-only';
import { ROLES, type Role } from './shared/roles';

export interface RoleMapping {
  /** The ID token / userinfo claim holding the user's groups (a list, or a space- or comma-separated string). */
  claim: string;
  groups: Record<Role, string[]>;
  emails: Record<Role, string[]>;
}

function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The highest role the profile's groups or email grant; null when none does (sign-in is refused). */
export function roleForProfile(profile: Record<string, unknown>, mapping: RoleMapping): Role | null {
  const groups = new Set(claimValues(profile[mapping.claim]));
  const email = typeof profile.email === 'string' ? profile.email.toLowerCase() : '';
  for (const role of [...ROLES].reverse()) {
    if (mapping.groups[role].some((g) => groups.has(g)) || (email && mapping.emails[role].includes(email))) return role;
  }
  return null;
}
