import { describe, expect, it } from 'vitest';
import { hasErrors, MAX_NAME_LENGTH, rolesError, validateUserDraft } from './user-form';

describe('validateUserDraft', () => {
  it('accepts a name and one role', () => {
    const errors = validateUserDraft({ name: 'Grace', roles: ['approver'] });
    expect(errors).toEqual({});
    expect(hasErrors(errors)).toBe(false);
  });

  it('needs a name that is not only spaces', () => {
    expect(validateUserDraft({ name: '   ', roles: ['viewer'] })).toEqual({
      name: 'Enter the person’s name.',
    });
  });

  it('refuses a name longer than the server takes, counting the trimmed name', () => {
    const long = 'x'.repeat(MAX_NAME_LENGTH + 1);
    expect(validateUserDraft({ name: long, roles: ['viewer'] }).name).toBe(
      `Use at most ${MAX_NAME_LENGTH} characters (this has ${MAX_NAME_LENGTH + 1}).`,
    );
    const padded = `  ${'x'.repeat(MAX_NAME_LENGTH)}  `;
    expect(validateUserDraft({ name: padded, roles: ['viewer'] })).toEqual({});
  });

  it('needs at least one role, and reports both problems at once', () => {
    const errors = validateUserDraft({ name: '', roles: [] });
    expect(errors).toEqual({
      name: 'Enter the person’s name.',
      roles: 'Choose at least one role.',
    });
    expect(hasErrors(errors)).toBe(true);
  });
});

describe('rolesError', () => {
  it('is undefined when a role is chosen', () => {
    expect(rolesError(['admin'])).toBeUndefined();
    expect(rolesError([])).toBe('Choose at least one role.');
  });
});
