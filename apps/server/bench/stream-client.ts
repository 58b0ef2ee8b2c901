/**
 * The benchmark's socket client, in its own process as a browser would be: it follows the runs
 * the parent names (over IPC) and reports how long each streamed item took from `putIntoStream`
 * (the item's `t`, stamped by the step) to arriving here. Items sent as catch-up when subscribing
 * are not counted.
 */
import type { RunEvent } from '@triggerflow/blueprint';
import { io, type Socket } from 'socket.io-client';

type Command = { type: 'phase'; count: number } | { type: 'follow'; runId: string };

const [url, token] = process.argv.slice(2);
if (!url || !token || !process.send) throw new Error('usage: stream-client <url> <token> (forked)');
const reply = (message: unknown) => process.send?.(message);

// Two connections: one may follow at most 200 runs.
const sockets: Socket[] = [];
for (let i = 0; i < 2; i += 1) {
  const socket = io(url, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  sockets.push(socket);
}

let expected = 0;
let latencies: number[] = [];
let followed = 0;
const caughtUpTo = new Map<string, number>();
const socketOf = new Map<string, Socket>();
const finished = new Set<string>();

function onEvents(events: RunEvent[]): void {
  const received = Date.now();
  for (const event of events) {
    const floor = caughtUpTo.get(event.runId);
    if (floor === undefined) continue;
    if (event.type === 'stream.item' && event.seq > floor) {
      latencies.push(received - (event.payload.item as { t: number }).t);
    }
    if (event.type === 'run.completed') {
      finished.add(event.runId);
      if (finished.size === expected) reply({ type: 'done', latencies });
    }
  }
}
for (const socket of sockets) socket.on('run:events', onEvents);

process.on('message', (command: Command) => {
  if (command.type === 'phase') {
    expected = command.count;
    latencies = [];
    finished.clear();
    const leaving = [...caughtUpTo.keys()].flatMap((runId) => {
      const socket = socketOf.get(runId);
      return socket ? [socket.emitWithAck('run:unsubscribe', { runId }) as Promise<unknown>] : [];
    });
    caughtUpTo.clear();
    socketOf.clear();
    void Promise.all(leaving).then(() => reply({ type: 'ready' }));
    return;
  }
  const socket = sockets[followed++ % sockets.length] as Socket;
  socketOf.set(command.runId, socket);
  void socket
    .emitWithAck('run:subscribe', { runId: command.runId })
    .then((ack: { ok: boolean; lastSeq: number }) => {
      if (!ack.ok) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
      caughtUpTo.set(command.runId, ack.lastSeq);
    });
});
process.on('disconnect', () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
reply({ type: 'connected' });
