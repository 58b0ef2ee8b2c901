import type { StudioSocket } from '../api/SocketProvider';

/**
 * Who follows which run on the shared socket. The server keeps one stream per socket and run,
 * so a view that goes away must not unsubscribe a run another view (or the same view, mounted
 * again at once, as React's StrictMode and quick navigations do) still follows: the
 * `run:unsubscribe` waits a tick and is dropped if the run is followed again meanwhile.
 */
interface Follow {
  count: number;
  timer: number | null;
}

const follows = new WeakMap<StudioSocket, Map<string, Follow>>();

function entry(socket: StudioSocket, runId: string): Follow {
  let runs = follows.get(socket);
  if (runs === undefined) {
    runs = new Map<string, Follow>();
    follows.set(socket, runs);
  }
  let follow = runs.get(runId);
  if (follow === undefined) {
    follow = { count: 0, timer: null };
    runs.set(runId, follow);
  }
  return follow;
}

export function followRun(socket: StudioSocket, runId: string): void {
  const follow = entry(socket, runId);
  follow.count += 1;
  if (follow.timer !== null) window.clearTimeout(follow.timer);
  follow.timer = null;
}

export function unfollowRun(socket: StudioSocket, runId: string): void {
  const follow = entry(socket, runId);
  follow.count = Math.max(0, follow.count - 1);
  if (follow.count > 0 || follow.timer !== null) return;
  follow.timer = window.setTimeout(() => {
    follow.timer = null;
    if (follow.count > 0) return;
    follows.get(socket)?.delete(runId);
    if (socket.connected) socket.emit('run:unsubscribe', { runId }, () => undefined);
  }, 0);
}
