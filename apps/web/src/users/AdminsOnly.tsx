import { memo } from 'react';
import { rolesText, type Role } from './roles';

/** What a signed-in user without `admin` sees on `/users`. */
export const AdminsOnly = memo(function AdminsOnly({
  name,
  roles,
}: {
  name: string;
  roles: readonly Role[];
}) {
  return (
    <div className="notice notice--warning" role="status">
      <p>
        <strong>Only admins manage users.</strong> You are signed in as {name} ({rolesText(roles)}).
        Ask an admin to invite someone or change roles.
      </p>
    </div>
  );
});
