import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AbortSignalLike } from '@triggerflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { openAICompatibleProvider } from '../src/ai/openai';
import { ModelError, type ModelRequest } from '../src/ai/provider';

/**
 * The OpenAI-compatible provider against real local HTTP servers: a server that never answers
 * (timeout), 429 with Retry-After, 5xx, and a call cancelled while it waits.
 */

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A model server answering each attempt with `handler`; counts attempts and closed requests. */
async function modelServer(handler: Handler) {
  const seen = { attempts: 0, closedEarly: 0, at: [] as number[] };
  const server = createServer((req, res) => {
    seen.attempts += 1;
    seen.at.push(Date.now());
    res.on('close', () => {
      if (!res.writableFinished) seen.closedEarly += 1;
    });
    req.resume();
    req.on('end', () => handler(req, res, seen.attempts));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { seen, baseUrl: `http://127.0.0.1:${port}/v1` };
}

const ok = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ model: 'm', choices: [{ message: { content: 'fine' } }] }));
};
const status = (res: ServerResponse, code: number, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message: `status ${code}` } }));
};
const never: Handler = () => undefined;

const request: ModelRequest = { messages: [{ role: 'user', content: 'hi' }], input: 'hi' };

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

/** A signal the test fires by hand (what `data.abortSignal` is to a step). */
function manualSignal() {
  const listeners = new Set<() => void>();
  let reason: Error | undefined;
  const signal: AbortSignalLike = {
    get aborted() {
      return reason !== undefined;
    },
    get reason() {
      return reason;
    },
    addEventListener: (_type, listener) => void listeners.add(listener as () => void),
    removeEventListener: (_type, listener) => void listeners.delete(listener as () => void),
    throwIfAborted() {
      if (reason !== undefined) throw reason;
    },
  };
  return {
    signal,
    listeners,
    abort(why: Error) {
      reason = why;
      for (const listener of [...listeners]) listener();
    },
  };
}

describe('model calls: timeout, retries, cancellation', () => {
  it('gives up on a server that never answers at the timeout, closing the connection', async () => {
    const { seen, baseUrl } = await modelServer(never);
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', timeoutMs: 300 });
    const error = await failure(provider.complete(request));
    expect([error.code, error.message]).toEqual([
      'TIMEOUT',
      `The model server at ${baseUrl}/chat/completions did not answer within 300 ms (1 attempt(s))`,
    ]);
    await expect.poll(() => seen.closedEarly).toBe(1);
    expect(seen.attempts).toBe(1);
  });

  it('a request’s timeoutMs (a node’s) may be shorter than the server’s', async () => {
    const { baseUrl } = await modelServer(never);
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', timeoutMs: 60_000 });
    const error = await failure(provider.complete({ ...request, timeoutMs: 200 }));
    expect(error.details).toMatchObject({ timeoutMs: 200 });
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const { seen, baseUrl } = await modelServer((_req, res, attempt) =>
      attempt === 1 ? status(res, 429, { 'retry-after': '1' }) : ok(res),
    );
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', retryDelayMs: 10 });
    const reply = await provider.complete(request);
    expect(reply.content).toBe('fine');
    expect(seen.attempts).toBe(2);
    const [first = 0, second = 0] = seen.at;
    expect(second - first).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx with backoff up to maxRetries; a 4xx is not retried', async () => {
    const flaky = await modelServer((_req, res, attempt) =>
      attempt <= 2 ? status(res, attempt === 1 ? 503 : 502) : ok(res),
    );
    const provider = openAICompatibleProvider({
      baseUrl: flaky.baseUrl,
      model: 'm',
      retryDelayMs: 10,
    });
    expect((await provider.complete(request)).content).toBe('fine');
    expect(flaky.seen.attempts).toBe(3);

    const down = await modelServer((_req, res) => status(res, 503));
    const once = openAICompatibleProvider({
      baseUrl: down.baseUrl,
      model: 'm',
      maxRetries: 1,
      retryDelayMs: 10,
    });
    const error = await failure(once.complete(request));
    expect([error.code, error.details['status'], error.details['attempts']]).toEqual([
      'HTTP',
      503,
      2,
    ]);
    expect(error.message).toBe(
      'The model server answered HTTP 503: {"error":{"message":"status 503"}} (after 2 attempts)',
    );
    expect(down.seen.attempts).toBe(2);

    const refused = await modelServer((_req, res) => status(res, 400));
    const bad = openAICompatibleProvider({
      baseUrl: refused.baseUrl,
      model: 'm',
      retryDelayMs: 10,
    });
    expect((await failure(bad.complete(request))).details['status']).toBe(400);
    expect(refused.seen.attempts).toBe(1);
  });

  it('does not wait past its timeout for a Retry-After', async () => {
    const { seen, baseUrl } = await modelServer((_req, res) =>
      status(res, 429, { 'retry-after': '120' }),
    );
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', timeoutMs: 5000 });
    const error = await failure(provider.complete(request));
    expect(error.message).toMatch(
      /^The model server answered HTTP 429: .*; no time left to try again within 5000 ms \(Retry-After: 120000 ms\)$/,
    );
    expect(seen.attempts).toBe(1);
  });

  it('stops at once when the signal fires, with its reason, closing the connection', async () => {
    const { seen, baseUrl } = await modelServer(never);
    const provider = openAICompatibleProvider({ baseUrl, model: 'm' });
    const control = manualSignal();
    const call = provider.complete({ ...request, signal: control.signal });
    await expect.poll(() => seen.attempts).toBe(1);
    const reason = new Error('the run was cancelled');
    control.abort(reason);
    await expect(call).rejects.toBe(reason);
    await expect.poll(() => seen.closedEarly).toBe(1);
    expect(control.listeners.size).toBe(0);
  });

  it('stops a backoff wait when the signal fires', async () => {
    const { seen, baseUrl } = await modelServer((_req, res) => status(res, 503));
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', retryDelayMs: 30_000 });
    const control = manualSignal();
    const call = provider.complete({ ...request, signal: control.signal });
    await expect.poll(() => seen.attempts).toBe(1);
    const reason = new Error('cancelled while waiting');
    control.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(seen.attempts).toBe(1);
  });
});
