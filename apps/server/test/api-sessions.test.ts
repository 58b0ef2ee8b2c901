import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './api-harness';

/** A connected socket.io client with `token`; resolves once connected. */
async function connect(api: Api, token: string): Promise<Socket> {
  const socket = io(api.server.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the ms until `socket` was disconnected by the server; rejects after `ms`. */
function disconnectedWithin(socket: Socket, ms: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      if (reason === 'io server disconnect') resolve(performance.now() - started);
      else reject(new Error(`disconnected for another reason: ${reason}`));
    });
  });
}

describe('ending a token ends its sockets', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('auth.revoke disconnects the token’s sockets within a second; others stay', async () => {
    const viewer = await api.userWith(['viewer']);
    const { token: apiToken, record } = await viewer.client.auth.createApiToken.mutate({
      label: 'script',
    });
    const revokedOne = await connect(api, apiToken);
    const other = await connect(api, viewer.token);
    const ended = disconnectedWithin(revokedOne, 1000);
    await viewer.client.auth.revoke.mutate({ tokenId: record.id });
    expect(await ended).toBeLessThan(1000);
    expect(other.connected).toBe(true);
    // It cannot come back with that token.
    const again = io(api.server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: apiToken },
    });
    const refusal = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      again.once('connect_error', resolve),
    );
    expect(refusal.data?.code).toBe('UNAUTHORIZED');
    other.disconnect();
  });

  it('auth.signOut disconnects the session’s sockets within a second', async () => {
    const viewer = await api.userWith(['viewer']);
    const socket = await connect(api, viewer.token);
    const ended = disconnectedWithin(socket, 1000);
    await viewer.client.auth.signOut.mutate();
    expect(await ended).toBeLessThan(1000);
  });

  it('a revocation made elsewhere (another process, straight in storage) also ends them', async () => {
    const viewer = await api.userWith(['viewer']);
    const socket = await connect(api, viewer.token);
    const { token } = await viewer.client.auth.me.query();
    const ended = disconnectedWithin(socket, 1000);
    await api.server.services.storage.tokens.revoke(token.id);
    expect(await ended).toBeLessThan(1000);
  });
});
