/** Where the studio (and the server's fallback sign-in page) keeps the session. */
export const SESSION_KEY = 'triggerflow.session';

export interface Session {
  /** The bearer token for `Authorization: Bearer <token>` and the socket's `auth: { token }`. */
  token: string;
  /** Epoch ms; `null` when the token does not expire. */
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
  /** The token to send now, or null (an expired session is dropped on the way). */
  token: () => string | null;
  signIn: (session: Session) => void;
  /** Forgets the session; `reason` says why (shown on the signed-out page). */
  clear: (reason: Exclude<SignedOutReason, 'none'>) => void;
}

function parse(text: string | null): Session | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { token, expiresAt } = value as Record<string, unknown>;
    if (typeof token !== 'string' || token === '') return null;
    return { token, expiresAt: typeof expiresAt === 'number' ? expiresAt : null };
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
    const session = parse(storage.getItem(SESSION_KEY));
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
    token() {
      if (state.session !== null && expired(state.session)) store.clear('expired');
      return state.session?.token ?? null;
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
    if (next.session?.token !== state.session?.token) set(next);
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
