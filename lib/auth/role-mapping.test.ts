import { describe, expect, it } from 'vitest';
import { roleForProfile, type RoleMapping } from './role-mapping';

const mapping: RoleMapping = {
  claim: 'groups',
  groups: { viewer: ['billing-readers'], operator: ['billing-ops'], admin: ['console-admins'] },
  emails: { viewer: [], operator: ['lead@example.com'], admin: ['boss@example.com'] },
};

describe('roleForProfile', () => {
  it('maps groups to the highest role they grant', () => {
    expect(roleForProfile({ groups: ['billing-readers'] }, mapping)).toBe('viewer');
    expect(roleForProfile({ groups: ['billing-readers', 'billing-ops'] }, mapping)).toBe('operator');
    expect(roleForProfile({ groups: 'billing-ops console-admins' }, mapping)).toBe('admin');
  });

  it('maps configured emails, case-insensitively', () => {
    expect(roleForProfile({ email: 'Lead@Example.com' }, mapping)).toBe('operator');
    expect(roleForProfile({ email: 'boss@example.com', groups: ['billing-readers'] }, mapping)).toBe('admin');
  });

  it('grants nothing to a user in no mapped group', () => {
    expect(roleForProfile({ email: 'stranger@example.com', groups: ['marketing'] }, mapping)).toBeNull();
    expect(roleForProfile({}, mapping)).toBeNull();
  });
});
