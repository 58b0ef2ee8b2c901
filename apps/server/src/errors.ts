/** What the API's own checks refuse; each code is the tRPC code it becomes (see trpc/errors.ts). */
export type ApiErrorCode =
  /** No token, or one that is unknown, expired, revoked or already used. */
  | 'UNAUTHORIZED'
  /** A valid token whose user lacks the role (or the ownership) the call needs. */
  | 'FORBIDDEN'
  /** The call contradicts the current state (e.g. removing the last admin). */
  | 'CONFLICT'
  /** The input is well-formed but unusable (e.g. import text that is not JSON). */
  | 'BAD_REQUEST';

/** A failure the caller can act on, raised by the services behind the API (not by storage). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly path: (string | number)[] = [],
    /** Every problem with its own path, when there are several (the message names them all). */
    readonly problems?: readonly { path: (string | number)[]; message: string; code?: string }[],
  ) {
    super(message);
  }
}
