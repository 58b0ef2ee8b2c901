import { useMutation } from '@tanstack/react-query';
import { memo, useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { RoleCheckboxes } from './RoleCheckboxes';
import { sameRoles, type Role } from './roles';
import { rolesError } from './user-form';
import type { UserRecord } from './user-types';
import { useUserInvalidation } from './useUserInvalidation';

interface EditRolesFormProps {
  user: UserRecord;
  /** The signed-in admin themself: losing `admin` takes this page away from them. */
  isMe: boolean;
  onDone: () => void;
}

/** A user's roles as checkboxes; Save → `users.setRoles`, the server's refusal shown as is. */
export const EditRolesForm = memo(function EditRolesForm({
  user,
  isMe,
  onDone,
}: EditRolesFormProps) {
  const trpc = useTRPC();
  const invalidate = useUserInvalidation();
  const id = useId();
  const [roles, setRoles] = useState<Role[]>(() => [...user.roles]);
  const save = useMutation(
    trpc.users.setRoles.mutationOptions({
      onSuccess: async () => {
        await invalidate({ me: isMe });
        onDone();
      },
    }),
  );
  const problem = rolesError(roles);
  const unchanged = sameRoles(roles, user.roles);
  const losingAdmin = isMe && user.roles.includes('admin') && !roles.includes('admin');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem !== undefined || unchanged) return;
    save.mutate({ userId: user.id, roles });
  };

  return (
    <form className="edit-roles" aria-label={`Roles of ${user.name}`} onSubmit={submit}>
      <RoleCheckboxes
        id={id}
        legend={`Roles of ${user.name}`}
        roles={roles}
        onChange={setRoles}
        error={problem}
        disabled={save.isPending}
      />
      {losingAdmin && (
        <p className="notice notice--warning">
          You are removing your own admin role: you will no longer be able to manage users.
        </p>
      )}
      <div className="edit-roles__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={save.isPending || problem !== undefined || unchanged}
        >
          {save.isPending ? 'Saving…' : 'Save roles'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
      </div>
      {save.isError && (
        <ErrorMessage
          title={`Could not change the roles of ${user.name}`}
          error={save.error}
          onDismiss={save.reset}
        />
      )}
    </form>
  );
});
