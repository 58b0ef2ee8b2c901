import { describe, expect, it } from 'vitest';
import { isAdmin, ROLE_INFO, ROLE_ORDER, rolesText, sameRoles, withRole } from './roles';

describe('ROLE_INFO', () => {
  it('explains every role once, in the server order', () => {
    expect(ROLE_ORDER).toEqual(['viewer', 'editor', 'approver', 'admin']);
    expect(ROLE_INFO.map((info) => info.label)).toEqual(['Viewer', 'Editor', 'Approver', 'Admin']);
    for (const info of ROLE_INFO) expect(info.explanation.length).toBeGreaterThan(20);
  });

  it('says that approver does not include editor', () => {
    const approver = ROLE_INFO.find((info) => info.role === 'approver');
    expect(approver?.explanation).toContain('not editor');
  });
});

describe('withRole', () => {
  it('adds a role in the server order, without repeats', () => {
    expect(withRole(['approver'], 'editor', true)).toEqual(['editor', 'approver']);
    expect(withRole(['admin', 'viewer'], 'viewer', true)).toEqual(['viewer', 'admin']);
  });

  it('removes a role and keeps the others', () => {
    expect(withRole(['viewer', 'editor', 'admin'], 'editor', false)).toEqual(['viewer', 'admin']);
    expect(withRole(['viewer'], 'viewer', false)).toEqual([]);
    expect(withRole(['viewer'], 'admin', false)).toEqual(['viewer']);
  });
});

describe('sameRoles', () => {
  it('ignores order', () => {
    expect(sameRoles(['editor', 'viewer'], ['viewer', 'editor'])).toBe(true);
  });

  it('sees a missing or extra role', () => {
    expect(sameRoles(['editor'], ['editor', 'approver'])).toBe(false);
    expect(sameRoles(['admin'], [])).toBe(false);
  });
});

describe('rolesText', () => {
  it('lists labels in the server order', () => {
    expect(rolesText(['admin', 'editor'])).toBe('Editor, Admin');
    expect(rolesText([])).toBe('No roles');
  });
});

describe('isAdmin', () => {
  it('is true only with the admin role', () => {
    expect(isAdmin(['admin'])).toBe(true);
    expect(isAdmin(['viewer', 'editor', 'approver'])).toBe(false);
    expect(isAdmin(undefined)).toBe(false);
  });
});
