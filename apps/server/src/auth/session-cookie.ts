import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The browser's session: its secret lives in an HttpOnly, SameSite=Strict cookie that no script
 * can read, and every request it signs in must also carry the session's CSRF token (a header on
 * HTTP, `auth: { csrf }` on the socket handshake). The CSRF token is derived from the secret, so
 * the server stores nothing more; it does not reveal the secret, and a page of another site can
 * neither read it nor send the cookie. Scripts use `Authorization: Bearer` instead, which needs no
 * CSRF token (a browser never sends it by itself).
 */
export const SESSION_COOKIE = 'tf_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The CSRF token of a session secret. */
export function csrfTokenFor(secret: string): string {
  return `csrf_${createHash('sha256').update(`triggerflow csrf\n${secret}`, 'utf8').digest('base64url')}`;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The value of cookie `name` in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  /** Set with `Secure` (the server is reached over https). */
  secure: boolean;
}

/** `Set-Cookie` for a new session of `maxAgeMs`. */
export function sessionCookie(secret: string, maxAgeMs: number, options: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000));
  return [
    `${SESSION_COOKIE}=${secret}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(options: CookieOptions): string {
  return sessionCookie('', 0, options);
}

export const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** What a request presents to sign in. */
export type Credential =
  | { via: 'bearer'; secret: string }
  | { via: 'cookie'; secret: string }
  /** A session cookie without the matching CSRF token: never signed in. */
  | { via: 'cookie-without-csrf' }
  | { via: 'none' };

/**
 * `Authorization: Bearer` first (scripts), else the session cookie with its CSRF token (`csrf`:
 * the header's value on HTTP, `auth.csrf` on a socket).
 */
export function credentialOf(headers: IncomingHttpHeaders, csrf: unknown): Credential {
  const authorization = headers.authorization;
  const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (bearer !== undefined) return { via: 'bearer', secret: bearer };
  const cookie = readCookie(headers.cookie, SESSION_COOKIE);
  if (cookie === undefined || cookie === '') return { via: 'none' };
  if (typeof csrf !== 'string' || !sameText(csrf, csrfTokenFor(cookie))) {
    return { via: 'cookie-without-csrf' };
  }
  return { via: 'cookie', secret: cookie };
}
