import { ROLE_INCLUDES, hasRole, ROLES } from '@triggerflow/server';
import { describe, expect, it } from 'vitest';
import { permissionsOf } from './permissions';

describe('permissionsOf', () => {
  it('lets exactly the roles the server accepts for flows.update / runs.start edit and run', () => {
    for (const role of ROLES) {
      const may = hasRole([role], 'editor');
      expect(permissionsOf([role]), role).toEqual({ editFlows: may, runFlows: may });
    }
    expect(Object.keys(ROLE_INCLUDES).sort()).toEqual([...ROLES].sort());
  });

  it('combines roles and refuses nobody-knows-who', () => {
    expect(permissionsOf(['viewer', 'approver']).editFlows).toBe(false);
    expect(permissionsOf(['approver', 'editor']).editFlows).toBe(true);
    expect(permissionsOf([]).editFlows).toBe(false);
    expect(permissionsOf(undefined).runFlows).toBe(false);
  });
});
