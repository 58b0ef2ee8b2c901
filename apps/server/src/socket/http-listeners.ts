import type { Server as HttpServer } from 'node:http';

type Listener = (...args: unknown[]) => void;

// engine.io's attach replaces the `request` listeners with a wrapper and adds its own listeners.
const EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;

const listenersOf = (server: HttpServer, event: string) => server.listeners(event) as Listener[];

/**
 * Remembers the HTTP server's listeners before Socket.IO attaches; `restore()` removes what was
 * added since and puts back what was removed (first, in order), as if it had never attached.
 */
export function rememberListeners(server: HttpServer): { restore(): void } {
  const before = new Map(EVENTS.map((event) => [event, listenersOf(server, event)]));
  return {
    restore() {
      for (const event of EVENTS) {
        const original = before.get(event) ?? [];
        const current = listenersOf(server, event);
        for (const listener of current) {
          if (!original.includes(listener)) server.removeListener(event, listener);
        }
        const missing = original.filter((listener) => !current.includes(listener));
        for (const listener of missing.reverse()) server.prependListener(event, listener);
      }
    },
  };
}
