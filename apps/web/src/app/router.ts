import { useMemo, useSyncExternalStore } from 'react';

/**
 * A tiny history-based router: the location is `pathname + search`, read with
 * `useSyncExternalStore`; `navigate` pushes (or replaces) and notifies.
 */
const NAVIGATE_EVENT = 'triggerflow:navigate';

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
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

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type Route =
  | { name: 'signin'; token: string | null }
  | { name: 'flows' }
  | { name: 'flow'; flowId: string }
  | { name: 'runs' }
  | { name: 'notFound'; path: string };

/** Which page a location shows; `/` is the flows page. */
export function matchRoute(location: URL): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/signin') return { name: 'signin', token: location.searchParams.get('token') };
  if (path === '/' || path === '/flows') return { name: 'flows' };
  if (path === '/runs') return { name: 'runs' };
  const flow = /^\/flows\/([^/]+)$/.exec(path);
  if (flow?.[1] !== undefined) {
    try {
      return { name: 'flow', flowId: decodeURIComponent(flow[1]) };
    } catch {
      return { name: 'notFound', path };
    }
  }
  return { name: 'notFound', path };
}

export const flowPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
