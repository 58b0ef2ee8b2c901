import type { Role } from './roles';

/** The longest name the server accepts (`users.create`: trimmed, 1–200 characters). */
export const MAX_NAME_LENGTH = 200;

/** What the "New user" form holds before it is sent. */
export interface UserDraft {
  name: string;
  roles: readonly Role[];
}

/** What is wrong with a draft, by field; an empty object when it may be sent. */
export interface UserDraftErrors {
  name?: string;
  roles?: string;
}

/** The roles problem, if any: the server refuses a user with no role. */
export function rolesError(roles: readonly Role[]): string | undefined {
  return roles.length === 0 ? 'Choose at least one role.' : undefined;
}

/** The same checks as the server's input schema, worded for the form. */
export function validateUserDraft(draft: UserDraft): UserDraftErrors {
  const errors: UserDraftErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'Enter the person’s name.';
  else if (name.length > MAX_NAME_LENGTH)
    errors.name = `Use at most ${MAX_NAME_LENGTH} characters (this has ${name.length}).`;
  const roles = rolesError(draft.roles);
  if (roles !== undefined) errors.roles = roles;
  return errors;
}

export const hasErrors = (errors: UserDraftErrors): boolean =>
  errors.name !== undefined || errors.roles !== undefined;
