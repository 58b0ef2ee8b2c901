import { memo } from 'react';
import type { IssuedLink, UserRecord } from './user-types';
import { UserRow } from './UserRow';

interface UsersTableProps {
  users: readonly UserRecord[];
  meId: string;
  onLinkIssued: (issued: IssuedLink) => void;
}

/** Everyone who may sign in, in the order the server lists them. */
export const UsersTable = memo(function UsersTable({ users, meId, onLinkIssued }: UsersTableProps) {
  return (
    <table className="users-table" aria-label="Users">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Roles</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      {users.map((user) => (
        <UserRow key={user.id} user={user} isMe={user.id === meId} onLinkIssued={onLinkIssued} />
      ))}
    </table>
  );
});
