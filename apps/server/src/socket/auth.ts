import type { Socket } from 'socket.io';
import type { Principal } from '../auth/auth-service';
import { hasRole } from '../auth/roles';
import { credentialOf, type Credential } from '../auth/session-cookie';
import type { Logger } from '../logger';
import { INTERNAL_MESSAGE } from './requests';
import type { SocketData } from './protocol';

export type RefusalCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR';

/** What a refused client gets as `connect_error`: `err.message` and `err.data.code`. */
export class ConnectionRefused extends Error {
  override readonly name = 'ConnectionRefused';
  readonly data: { code: RefusalCode };

  constructor(code: RefusalCode, message: string) {
    super(message);
    this.data = { code };
  }
}

/**
 * What the handshake presents: `auth: { token }`, else an `Authorization: Bearer` header, else
 * the browser's session cookie with `auth: { csrf }` (its CSRF token).
 */
export function handshakeCredential(socket: Pick<Socket, 'handshake'>): Credential {
  const auth: unknown = socket.handshake.auth;
  const field = (name: string): unknown =>
    typeof auth === 'object' && auth !== null && name in auth
      ? (auth as Record<string, unknown>)[name]
      : undefined;
  const token = field('token');
  if (typeof token === 'string' && token !== '') return { via: 'bearer', secret: token };
  return credentialOf(socket.handshake.headers, field('csrf'));
}

/** The secret a handshake signs in with, if any (see `handshakeCredential`). */
export function handshakeToken(socket: Pick<Socket, 'handshake'>): string | undefined {
  const credential = handshakeCredential(socket);
  return 'secret' in credential ? credential.secret : undefined;
}

/**
 * The Socket.IO middleware: a valid API or session token of a user with the viewer role, or no
 * connection. Every viewer may follow every run: per-flow access rules do not exist yet (when they
 * do, `run:subscribe` must check them).
 */
export function authenticateSockets(options: {
  auth: { authenticate(secret: string): Promise<Principal | undefined> };
  logger: Logger;
}) {
  const { auth, logger } = options;
  async function admit(socket: Socket): Promise<Principal> {
    const credential = handshakeCredential(socket);
    if (credential.via === 'cookie-without-csrf') {
      throw new ConnectionRefused(
        'FORBIDDEN',
        'a connection signed in by the session cookie must pass auth: { csrf } (its CSRF token)',
      );
    }
    const token = 'secret' in credential ? credential.secret : undefined;
    if (token === undefined) {
      throw new ConnectionRefused(
        'UNAUTHORIZED',
        'sign in: pass auth: { token } (or an Authorization: Bearer header)',
      );
    }
    const principal = await auth.authenticate(token);
    if (principal === undefined) {
      throw new ConnectionRefused('UNAUTHORIZED', 'the token is unknown, expired or revoked');
    }
    if (!hasRole(principal.user.roles, 'viewer')) {
      throw new ConnectionRefused(
        'FORBIDDEN',
        `user "${principal.user.name}" lacks the viewer role needed to follow runs`,
      );
    }
    return principal;
  }

  return (socket: Socket, next: (error?: Error) => void): void => {
    admit(socket).then(
      (principal) => {
        (socket.data as SocketData).principal = principal;
        next();
      },
      (error: unknown) => {
        if (error instanceof ConnectionRefused) {
          logger.debug({ code: error.data.code, socketId: socket.id }, 'socket refused');
          return next(error);
        }
        logger.error({ err: error, socketId: socket.id }, 'socket authentication failed');
        next(new ConnectionRefused('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE));
      },
    );
  };
}
