import type { ApiOutputs } from '../api/trpc';

/** A person as `users.list` returns them (admins only). */
export type UserRecord = ApiOutputs['users']['list'][number];

/** A one-time sign-in link (`users.create` or `users.signInLink`) and whom it signs in. */
export type IssuedLink = ApiOutputs['users']['signInLink'];

/** A link to show, and why it was made (a new user, or a new link for an existing one). */
export interface ShownLink {
  issued: IssuedLink;
  reason: 'created' | 'renewed';
}
