import { useMutation } from '@tanstack/react-query';
import { memo, useId, useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { RoleCheckboxes } from './RoleCheckboxes';
import type { Role } from './roles';
import { hasErrors, validateUserDraft } from './user-form';
import type { IssuedLink } from './user-types';
import { useUserInvalidation } from './useUserInvalidation';

interface NewUserFormProps {
  id: string;
  onCreated: (issued: IssuedLink) => void;
  onClose: () => void;
}

/** A name and roles → `users.create`; problems are shown once the form was sent. */
export const NewUserForm = memo(function NewUserForm({ id, onCreated, onClose }: NewUserFormProps) {
  const trpc = useTRPC();
  const invalidate = useUserInvalidation();
  const fieldId = useId();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [checked, setChecked] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const firstRoleRef = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (issued) => {
        onCreated(issued);
        return invalidate();
      },
    }),
  );
  const errors = checked ? validateUserDraft({ name, roles }) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateUserDraft({ name, roles });
    setChecked(true);
    if (hasErrors(found)) {
      (found.name !== undefined ? nameRef : firstRoleRef).current?.focus();
      return;
    }
    create.mutate({ name: name.trim(), roles });
  };

  return (
    <section id={id} className="panel users-panel" aria-labelledby={`${id}-title`}>
      <div className="panel__head">
        <h2 id={`${id}-title`}>New user</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="help">
        They get a one-time sign-in link to open in their browser; no password is involved.
      </p>
      <form className="new-user" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${fieldId}-name`}>
            Name
          </label>
          <input
            ref={nameRef}
            id={`${fieldId}-name`}
            className="input new-user__name"
            value={name}
            autoComplete="off"
            aria-invalid={errors.name !== undefined}
            aria-describedby={errors.name === undefined ? undefined : `${fieldId}-name-error`}
            onChange={(event) => setName(event.target.value)}
          />
          {errors.name !== undefined && (
            <p id={`${fieldId}-name-error`} className="field-error">
              {errors.name}
            </p>
          )}
        </div>
        <RoleCheckboxes
          id={`${fieldId}-roles`}
          legend="Roles"
          roles={roles}
          onChange={setRoles}
          error={errors.roles}
          firstRef={firstRoleRef}
        />
        <div className="new-user__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
      {create.isError && <ErrorMessage title="Could not create the user" error={create.error} />}
    </section>
  );
});
