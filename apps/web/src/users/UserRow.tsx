import { useMutation } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { formatDate } from '../flows/format';
import { EditRolesForm } from './EditRolesForm';
import { ROLE_INFO } from './roles';
import type { IssuedLink, UserRecord } from './user-types';

const COLUMNS = 4;

interface UserRowProps {
  user: UserRecord;
  isMe: boolean;
  onLinkIssued: (issued: IssuedLink) => void;
}

/**
 * One person (their own row group): name, roles, when they were added, and the actions "Edit
 * roles" (opens the checkboxes under the row) and "New sign-in link".
 */
export const UserRow = memo(function UserRow({ user, isMe, onLinkIssued }: UserRowProps) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const newLink = useMutation(trpc.users.signInLink.mutationOptions({ onSuccess: onLinkIssued }));
  const editorId = `user-${user.id}-roles`;
  return (
    <tbody className="user-row">
      <tr>
        <th scope="row" className="user-row__name">
          {user.name}
          {isMe && <span className="user-row__me"> (you)</span>}
        </th>
        <td>
          <ul className="role-tags" aria-label={`Roles of ${user.name}`}>
            {ROLE_INFO.filter((info) => user.roles.includes(info.role)).map((info) => (
              <li key={info.role} className={`role-tag role-tag--${info.role}`}>
                {info.label}
              </li>
            ))}
          </ul>
        </td>
        <td>
          <time dateTime={new Date(user.createdAt).toISOString()}>
            {formatDate(user.createdAt)}
          </time>
        </td>
        <td className="user-row__actions">
          <button
            type="button"
            className="button"
            aria-label={`Edit roles of ${user.name}`}
            aria-expanded={editing}
            aria-controls={editing ? editorId : undefined}
            onClick={() => setEditing((open) => !open)}
          >
            Edit roles
          </button>
          <button
            type="button"
            className="button"
            aria-label={`New sign-in link for ${user.name}`}
            disabled={newLink.isPending}
            onClick={() => newLink.mutate({ userId: user.id })}
          >
            {newLink.isPending ? 'Making link…' : 'New sign-in link'}
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="user-row__details">
          <td id={editorId} colSpan={COLUMNS}>
            <EditRolesForm user={user} isMe={isMe} onDone={() => setEditing(false)} />
          </td>
        </tr>
      )}
      {newLink.isError && (
        <tr className="user-row__details">
          <td colSpan={COLUMNS}>
            <ErrorMessage
              title={`Could not make a sign-in link for ${user.name}`}
              error={newLink.error}
              onDismiss={newLink.reset}
            />
          </td>
        </tr>
      )}
    </tbody>
  );
});
