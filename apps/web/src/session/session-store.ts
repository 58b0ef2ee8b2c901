/**
 * Where the studio (and the server's fallback sign-in page) keeps what it knows of the session.
 * The session's secret is not here: it is an HttpOnly cookie no script can read. What is here is
 * its CSRF token (useless without the cookie) and its expiry; other tabs follow its changes.
 */
export const SESSION_KEY = 'triggerflow.session';

export interface Session {
  /** Sent as `X-CSRF-Token` with every request and as the socket's `auth: { csrf }`. */
  csrfToken: string;
  /** Epoch ms; `null` when the session does not expire. */
  expiresAt: number | null;
}

/** Why there is no session, to word the signed-out page. */
export type SignedOutReason = 'none' | 'signedOut' | 'expired';

export interface SessionState {
  session: Session | null;
  reason: SignedOutReason;
}

/** Plain functions (no `this`), so they can be passed around as they are. */
export interface SessionStore {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  /** The CSRF token to send now, or null (an expired session is dropped on the way). */
  csrfToken: () => string | null;
  signIn: (session: Session) => void;
  /** Forgets the session; `reason` says why (shown on the signed-out page). */
  clear: (reason: Exclude<SignedOutReason, 'none'>) => void;
}

function parse(text: string | null): Session | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { csrfToken, expiresAt } = value as Record<string, unknown>;
    if (typeof csrfToken !== 'string' || csrfToken === '') return null;
    return { csrfToken, expiresAt: typeof expiresAt === 'number' ? expiresAt : null };
  } catch {
    return null;
  }
}

export interface SessionStoreOptions {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
  /** Called with a listener for changes made by other tabs; returns its unsubscribe. */
  watchExternal?: (onChange: () => void) => () => void;
}

/** The session kept in web storage, observable for `useSyncExternalStore`. */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { storage, now = Date.now } = options;
  const listeners = new Set<() => void>();
  const expired = (session: Session) => session.expiresAt !== null && session.expiresAt <= now();

  const load = (reason: SignedOutReason): SessionState => {
    const text = storage.getItem(SESSION_KEY);
    const session = parse(text);
    // Anything else under the key (an older studio's bearer token) goes: no secret stays here.
    if (session === null && text !== null) storage.removeItem(SESSION_KEY);
    if (session === null) return { session: null, reason };
    if (expired(session)) {
      storage.removeItem(SESSION_KEY);
      return { session: null, reason: 'expired' };
    }
    return { session, reason: 'none' };
  };

  let state = load('none');
  let stopWatching: (() => void) | undefined;
  const set = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const store: SessionStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) stopWatching = options.watchExternal?.(reload);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        stopWatching?.();
        stopWatching = undefined;
      };
    },
    csrfToken() {
      if (state.session !== null && expired(state.session)) store.clear('expired');
      return state.session?.csrfToken ?? null;
    },
    signIn(session) {
      storage.setItem(SESSION_KEY, JSON.stringify(session));
      set({ session, reason: 'none' });
    },
    clear(reason) {
      storage.removeItem(SESSION_KEY);
      if (state.session !== null || state.reason !== reason) set({ session: null, reason });
    },
  };

  function reload() {
    const next = load(state.session === null ? state.reason : 'signedOut');
    if (next.session?.csrfToken !== state.session?.csrfToken) set(next);
  }
  return store;
}

/** The browser's store: localStorage, kept in step with other tabs through `storage` events. */
export function browserSessionStore(): SessionStore {
  return createSessionStore({
    storage: window.localStorage,
    watchExternal(onChange) {
      const listener = (event: StorageEvent) => {
        if (event.key === SESSION_KEY || event.key === null) onChange();
      };
      window.addEventListener('storage', listener);
      return () => window.removeEventListener('storage', listener);
    },
  });
}
