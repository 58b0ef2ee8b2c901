/**
 * What a person may do in the studio, from their roles (`auth.me`), as the server decides it:
 * `ROLE_INCLUDES` in apps/server/src/auth/roles.ts (editor and admin change flows and start or
 * cancel runs; viewer and approver only look). The web app may import the server's types only,
 * so the rule is restated here and tested against the server's table.
 */
import type { Role } from './roles';

const EDITS: readonly Role[] = ['editor', 'admin'];

export interface Permissions {
  /** Create, change, import, duplicate and delete flows. */
  readonly editFlows: boolean;
  /** Start, re-run and cancel runs. */
  readonly runFlows: boolean;
}

/** Why a control is missing or disabled for someone who may not edit. */
export const VIEW_ONLY_REASON =
  'You can view flows and runs; changing them needs the editor role (ask an admin).';

export function permissionsOf(roles: readonly string[] | undefined): Permissions {
  const edit = roles?.some((role) => (EDITS as readonly string[]).includes(role)) ?? false;
  return { editFlows: edit, runFlows: edit };
}
