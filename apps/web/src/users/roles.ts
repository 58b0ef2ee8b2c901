import type { Role } from '@triggerflow/server';

export type { Role };

/** One role as the studio explains it: a name to show and what holding it lets a person do. */
export interface RoleInfo {
  role: Role;
  label: string;
  explanation: string;
}

/**
 * What each role lets a person do, one line each, matching `ROLE_INCLUDES` in
 * `apps/server/src/auth/roles.ts`. A `Record` so a role added on the server fails typechecking
 * here until it is explained; written in the server's order (`ROLES`).
 */
const EXPLAINED: Readonly<Record<Role, Omit<RoleInfo, 'role'>>> = {
  viewer: {
    label: 'Viewer',
    explanation: 'Sees flows, runs and waiting approvals; changes nothing.',
  },
  editor: {
    label: 'Editor',
    explanation: 'Creates and changes flows, starts and cancels runs. Includes viewer.',
  },
  approver: {
    label: 'Approver',
    explanation:
      'Decides approval prompts addressed to approvers. Includes viewer but not editor: give both to someone who also changes flows.',
  },
  admin: {
    label: 'Admin',
    explanation: 'Invites people and changes their roles; may also do everything the others can.',
  },
};

/** Every role with its label and explanation, in the server's order. */
export const ROLE_INFO: readonly RoleInfo[] = (Object.keys(EXPLAINED) as Role[]).map((role) => ({
  role,
  ...EXPLAINED[role],
}));

/** The roles in the order the server stores them. */
export const ROLE_ORDER: readonly Role[] = ROLE_INFO.map((info) => info.role);

/** Whether a user holding `roles` may manage users (only `admin` grants it). */
export const isAdmin = (roles: readonly string[] | undefined): boolean =>
  roles?.includes('admin') ?? false;

/** `roles` with `role` turned on or off, deduplicated, in the server's order. */
export function withRole(roles: readonly Role[], role: Role, on: boolean): Role[] {
  return ROLE_ORDER.filter((each) => (each === role ? on : roles.includes(each)));
}

/** Whether two role sets hold the same roles (order and repeats aside). */
export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return ROLE_ORDER.every((role) => a.includes(role) === b.includes(role));
}

/** `Editor, Approver`, in the server's order; `No roles` for none. */
export function rolesText(roles: readonly Role[]): string {
  const shown = ROLE_INFO.filter((info) => roles.includes(info.role)).map((info) => info.label);
  return shown.length === 0 ? 'No roles' : shown.join(', ');
}
