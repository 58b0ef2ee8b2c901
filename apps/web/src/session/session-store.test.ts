import { describe, expect, it } from 'vitest';
import { createSessionStore, SESSION_KEY } from './session-store';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('session store', () => {
  it('reads the session the server sign-in page wrote', () => {
    const storage = memoryStorage({
      [SESSION_KEY]: JSON.stringify({ csrfToken: 'csrf_s', expiresAt: 2_000 }),
    });
    const store = createSessionStore({ storage, now: () => 1_000 });
    expect(store.getState()).toEqual({
      session: { csrfToken: 'csrf_s', expiresAt: 2_000 },
      reason: 'none',
    });
    expect(store.csrfToken()).toBe('csrf_s');
  });

  it('removes what an older studio kept there (a bearer token in script reach)', () => {
    const storage = memoryStorage({
      [SESSION_KEY]: JSON.stringify({ token: 'tf_secret', expiresAt: null }),
    });
    expect(createSessionStore({ storage }).getState()).toEqual({ session: null, reason: 'none' });
    expect(storage.items.has(SESSION_KEY)).toBe(false);
  });

  it('drops an expired or unreadable session', () => {
    const expired = memoryStorage({
      [SESSION_KEY]: JSON.stringify({ csrfToken: 'csrf_s', expiresAt: 1_000 }),
    });
    expect(createSessionStore({ storage: expired, now: () => 1_000 }).getState()).toEqual({
      session: null,
      reason: 'expired',
    });
    expect(expired.items.has(SESSION_KEY)).toBe(false);
    const garbage = memoryStorage({ [SESSION_KEY]: '{not json' });
    expect(createSessionStore({ storage: garbage }).getState().session).toBeNull();
  });

  it('expires a session while in use and tells its listeners', () => {
    let now = 0;
    const storage = memoryStorage();
    const store = createSessionStore({ storage, now: () => now });
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getState().reason));
    store.signIn({ csrfToken: 'csrf_a', expiresAt: 10 });
    expect(storage.items.get(SESSION_KEY)).toBe(
      JSON.stringify({ csrfToken: 'csrf_a', expiresAt: 10 }),
    );
    now = 10;
    expect(store.csrfToken()).toBeNull();
    expect(seen).toEqual(['none', 'expired']);
  });

  it('says why it was cleared, and follows other tabs', () => {
    const storage = memoryStorage();
    let external: (() => void) | undefined;
    const store = createSessionStore({
      storage,
      watchExternal: (onChange) => {
        external = onChange;
        return () => (external = undefined);
      },
    });
    const unsubscribe = store.subscribe(() => undefined);
    store.signIn({ csrfToken: 'csrf_a', expiresAt: null });
    store.clear('signedOut');
    expect(store.getState()).toEqual({ session: null, reason: 'signedOut' });

    storage.setItem(SESSION_KEY, JSON.stringify({ csrfToken: 'csrf_b', expiresAt: null }));
    external?.();
    expect(store.getState().session?.csrfToken).toBe('csrf_b');
    storage.removeItem(SESSION_KEY);
    external?.();
    expect(store.getState()).toEqual({ session: null, reason: 'signedOut' });
    unsubscribe();
    expect(external).toBeUndefined();
  });
});
