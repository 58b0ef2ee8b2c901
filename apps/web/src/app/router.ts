import { useMemo, useSyncExternalStore } from 'react';

/**
 * A tiny history-based router: the location is `pathname + search`, read with
 * `useSyncExternalStore`; `navigate` pushes (or replaces) and notifies.
 */
const NAVIGATE_EVENT = 'triggerflow:navigate';

const subscribe = (listener: () => void) => {
  // Back / forward the navigation guard holds are not a change of page.
  const onPop = (event: Event) => {
    if (!heldPop(event)) listener();
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', onPop);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
};

const snapshot = () => window.location.pathname + window.location.search;

/** The current `pathname + search`. */
export function useHref(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** The current route; the same object until the location changes. */
export function useRoute(): Route {
  const href = useHref();
  return useMemo(() => matchRoute(new URL(href, window.location.origin)), [href]);
}

export interface NavigateOptions {
  replace?: boolean;
  /** Past the navigation guard (the user already answered it). */
  force?: boolean;
}

/**
 * Asked before the app leaves the current page (a page with unsaved work installs one): return
 * true to hold the navigation (the guard then calls `proceed` once the user agrees, or never).
 */
export type NavigationGuard = (to: string, proceed: () => void) => boolean;

let guard: { readonly ask: NavigationGuard; readonly here: string } | null = null;

/** Each popstate is judged once, however many subscribers see it. */
const pops = new WeakMap<Event, boolean>();

function heldPop(event: Event): boolean {
  let held = pops.get(event);
  if (held === undefined) {
    held = holdPop();
    pops.set(event, held);
  }
  return held;
}

/**
 * The browser has already moved to another entry: with a guard that holds, the guarded page's
 * address goes back (a new entry) and the guard asks; `proceed` then goes where the user went.
 */
function holdPop(): boolean {
  if (guard === null) return false;
  const { ask, here } = guard;
  const to = snapshot();
  if (to === here) return false;
  window.history.pushState(null, '', here);
  const held = ask(to, () => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
  });
  if (!held) window.history.replaceState(null, '', to);
  return held;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  if (to === snapshot()) return;
  const go = () => {
    if (options.replace === true) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
  };
  if (options.force !== true && guard !== null && guard.ask(to, go)) return;
  go();
}

/**
 * Installs `ask` as the guard of the current page for in-app navigation (`navigate`, `<Link>`,
 * the top bar) and for the browser's back and forward buttons, until the returned function is
 * called.
 */
export function setNavigationGuard(ask: NavigationGuard): () => void {
  const installed = { ask, here: snapshot() };
  guard = installed;
  return () => {
    if (guard === installed) guard = null;
  };
}

export type Route =
  | { name: 'signin'; token: string | null }
  | { name: 'flows' }
  | { name: 'flow'; flowId: string }
  | { name: 'runs'; flowId: string | null; status: string | null }
  | { name: 'run'; runId: string }
  | { name: 'approvals' }
  | { name: 'users' }
  | { name: 'notFound'; path: string };

/** Which page a location shows; `/` is the flows page. */
export function matchRoute(location: URL): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/signin') return { name: 'signin', token: location.searchParams.get('token') };
  if (path === '/' || path === '/flows') return { name: 'flows' };
  if (path === '/runs') {
    const search = location.searchParams;
    return { name: 'runs', flowId: search.get('flowId'), status: search.get('status') };
  }
  if (path === '/approvals') return { name: 'approvals' };
  if (path === '/users') return { name: 'users' };
  const flowId = segment(/^\/flows\/([^/]+)$/, path);
  if (flowId !== undefined)
    return flowId === null ? { name: 'notFound', path } : { name: 'flow', flowId };
  const runId = segment(/^\/runs\/([^/]+)$/, path);
  if (runId !== undefined)
    return runId === null ? { name: 'notFound', path } : { name: 'run', runId };
  return { name: 'notFound', path };
}

/** The decoded path segment `pattern` captures; undefined: no match; null: not decodable. */
function segment(pattern: RegExp, path: string): string | null | undefined {
  const raw = pattern.exec(path)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export const flowPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
export const runPath = (runId: string) => `/runs/${encodeURIComponent(runId)}`;

/** The runs page, optionally of one flow and/or one status. */
export function runsPath(filter: { flowId?: string | null; status?: string | null } = {}): string {
  const search = new URLSearchParams();
  if (filter.flowId != null) search.set('flowId', filter.flowId);
  if (filter.status != null) search.set('status', filter.status);
  const query = search.toString();
  return query === '' ? '/runs' : `/runs?${query}`;
}
