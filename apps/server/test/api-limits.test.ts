import type { Readable } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBlueprint, expectApiError, startApi, type Api } from './api-harness';

/**
 * Limits at the API's edge (issue 14): nesting, numbers JSON cannot hold, U+0000, body size,
 * batch size, request rates per token and per socket, socket message size. Each refusal is a
 * 4xx naming the field or the limit, never a 500, and the server keeps answering.
 */

interface ErrorBody {
  error: {
    message: string;
    data: { code: string; httpStatus: number; issues?: { path: unknown[]; message: string }[] };
  };
}

/** POSTs raw JSON text (what a tRPC client cannot send: 1e999, deep nesting) to a procedure. */
async function post(api: Api, procedure: string, text: string, token = api.adminToken) {
  const response = await fetch(`${api.server.url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody & object };
}

/** `{"a":{"a":…1…}}`, `depth` objects deep, as text (JSON.stringify would overflow). */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** The chain start → n transforms → end. */
function chain(n: number) {
  const nodes = [{ id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } }];
  const edges: { id: string; source: string; target: string }[] = [];
  let previous = 'start';
  for (let i = 0; i < n; i += 1) {
    const id = `t${i}`;
    nodes.push({
      id,
      kind: 'chunk' as 'start',
      position: { x: 200 * (i + 1), y: 0 },
      ...{ handler: { ref: 'transform', config: { expression: 'input + 1' } } },
    });
    edges.push({ id: `e${i}`, source: previous, target: id });
    previous = id;
  }
  nodes.push({ id: 'end', kind: 'end' as 'start', position: { x: 200 * (n + 1), y: 0 } });
  edges.push({ id: `e${n}`, source: previous, target: 'end' });
  return { schema: 'triggerflow.blueprint/v1' as const, name: `Chain of ${n}`, nodes, edges };
}

async function healthWithin(api: Api, ms: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${api.server.url}/healthz`, { signal: AbortSignal.timeout(ms) });
  expect(response.status).toBe(200);
  return performance.now() - started;
}

describe('limits at the edge', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('refuses a config nested 200,000 levels deep with a 400 naming where the limit was hit', async () => {
    const bp = cleanBlueprint();
    const text = JSON.stringify({ name: 'Deep', blueprint: bp }).replace(
      '{"expression":"input * 2"}',
      `{"expression":"input * 2","deep":${nestedObjects(200_000)}}`,
    );
    const { status, body } = await post(api, 'flows.create', text);
    expect([status, body.error.data.code]).toEqual([400, 'BAD_REQUEST']);
    const [issue] = body.error.data.issues ?? [];
    // The node's config is level 6 (input, blueprint, nodes, node, handler, config): `deep` is 7.
    expect(issue?.path.slice(0, 8)).toEqual([
      'blueprint',
      'nodes',
      1,
      'handler',
      'config',
      'deep',
      'a',
      'a',
    ]);
    expect(issue?.path).toHaveLength(64);
    expect(body.error.message).toMatch(
      /^blueprint\.nodes\.1\.handler\.config\.deep\.a\.a\.(a\.)*a nests deeper than 64 levels \(the limit\)$/,
    );
    expect((await api.admin.flows.list.query()).items).toEqual([]);
  });

  it('refuses nested payloads anywhere (a run input, meta), and 64 levels still pass', async () => {
    const flow = await api.admin.flows.create.mutate({
      name: 'Target',
      blueprint: cleanBlueprint(),
    });
    const input = `[`.repeat(150_000) + `]`.repeat(150_000);
    const deep = await post(api, 'runs.start', `{"flowId":"${flow.flow.id}","input":${input}}`);
    expect([deep.status, deep.body.error.data.issues?.[0]?.path.slice(0, 3)]).toEqual([
      400,
      ['input', 0, 0],
    ]);
    const meta = await post(
      api,
      'flows.validate',
      JSON.stringify({ blueprint: { ...cleanBlueprint(), meta: {} } }).replace(
        '"meta":{}',
        `"meta":${nestedObjects(5000)}`,
      ),
    );
    expect([meta.status, meta.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^blueprint\.meta\.a\.a\..* nests deeper than 64 levels/) as string,
    ]);
    // At the limit: the procedure's input is level 1, `input` level 2, so 62 more levels fit.
    const fits = await post(
      api,
      'runs.start',
      `{"flowId":"${flow.flow.id}","input":${nestedObjects(62)}}`,
    );
    expect(fits.status).toBe(200);
  });

  it('refuses numbers JSON cannot hold (1e999) instead of storing them as null', async () => {
    const flow = await api.admin.flows.create.mutate({
      name: 'Numbers',
      blueprint: cleanBlueprint(),
    });
    const text = JSON.stringify({
      name: 'Big',
      blueprint: { ...cleanBlueprint(), meta: { n: 1 } },
    });
    const { status, body } = await post(api, 'flows.create', text.replace('"n":1', '"n":1e999'));
    expect([status, body.error.data.issues]).toEqual([
      400,
      [
        expect.objectContaining({
          path: ['blueprint', 'meta', 'n'],
          message: expect.stringContaining('blueprint.meta.n is Infinity') as string,
          code: 'NOT_FINITE',
        }),
      ],
    ]);
    const start = await post(
      api,
      'runs.start',
      `{"flowId":"${flow.flow.id}","input":{"x":-1e400}}`,
    );
    expect([start.status, start.body.error.message]).toEqual([
      400,
      expect.stringContaining('input.x is -Infinity') as string,
    ]);
  });

  it('refuses forbidden keys anywhere in a blueprint with an issue naming the path', async () => {
    const text = JSON.stringify({
      name: 'Proto',
      blueprint: { ...cleanBlueprint(), meta: { a: 1 } },
    })
      .replace('"meta":{"a":1}', '"meta":{"a":1,"__proto__":{"admin":true}}')
      .replace('{"expression":"input * 2"}', '{"expression":"input * 2","constructor":"x"}');
    const { status, body } = await post(api, 'flows.create', text);
    expect([status, body.error.data.issues]).toEqual([
      400,
      [
        expect.objectContaining({
          path: ['blueprint', 'nodes', 1, 'handler', 'config', 'constructor'],
          code: 'FORBIDDEN_KEY',
          message: 'the key "constructor" is not allowed in a blueprint (rename it)',
        }),
        expect.objectContaining({
          path: ['blueprint', 'meta', '__proto__'],
          code: 'FORBIDDEN_KEY',
        }),
      ],
    ]);
    expect(body.error.message).toContain(
      'blueprint.meta.__proto__: the key "__proto__" is not allowed in a blueprint',
    );
    // flows.validate reports the same as issues (it never refuses a blueprint).
    const checked = await post(api, 'flows.validate', text.replace('"name":"Proto",', ''));
    const issues = (checked.body as unknown as { result: { data: { issues: unknown[] } } }).result
      .data.issues;
    expect(issues.slice(0, 2)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN_KEY', nodeId: 'double' }),
      expect.objectContaining({ code: 'FORBIDDEN_KEY', path: ['meta', '__proto__'] }),
    ]);
    // An import's JSON text is parsed on the server: 1e999 inside it is caught there.
    const file = JSON.stringify({ ...cleanBlueprint(), meta: { n: 1 } }).replace(
      '"n":1',
      '"n":1e999',
    );
    await expectApiError(
      api.admin.flows.import.mutate({ blueprint: file }),
      'BAD_REQUEST',
      'blueprint.meta.n: is Infinity: JSON cannot hold it (it would be saved as null)',
    );
    expect((await api.admin.flows.list.query({ search: 'Proto' })).items).toEqual([]);
  });

  it('names the field holding U+0000, in values and in keys', async () => {
    await expectApiError(
      api.admin.flows.create.mutate({ name: 'Nul\u0000name', blueprint: cleanBlueprint() }),
      'BAD_REQUEST',
      'name contains the character U+0000, which cannot be stored',
    );
    const bp = cleanBlueprint('Doubler', 'input\u0000 * 2');
    const error = await expectApiError(
      api.admin.flows.create.mutate({ name: 'x', blueprint: bp }),
      'BAD_REQUEST',
    );
    expect(error.data?.issues).toEqual([
      expect.objectContaining({
        path: ['blueprint', 'nodes', 1, 'handler', 'config', 'expression'],
        code: 'NUL_CHARACTER',
      }),
    ]);
    const key = await expectApiError(
      api.admin.flows.validate.query({
        blueprint: { ...cleanBlueprint(), meta: { 'bad\u0000key': 1 } },
      }),
      'BAD_REQUEST',
    );
    expect(key.message).toContain(
      'blueprint.meta.bad\u0000key is a key containing the character U+0000',
    );
  });

  it('refuses a body over MAX_BODY_BYTES with a 413 naming the limit, declared or streamed', async () => {
    const declared = await post(
      api,
      'flows.validate',
      JSON.stringify({ blueprint: 'x'.repeat(11 * 1024 * 1024) }),
    );
    expect([declared.status, declared.body.error.data.code, declared.body.error.message]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      'the request body is 11 MiB; the limit is 10 MiB (MAX_BODY_BYTES)',
    ]);
    // Without a content-length (chunked), the server stops reading at the limit.
    const streamed = await new Promise<{ status: number; body: ErrorBody }>((resolve, reject) => {
      const req = httpRequest(`${api.server.url}/trpc/flows.validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
      });
      req.on('response', (res: Readable & { statusCode?: number }) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ErrorBody }),
        );
      });
      req.on('error', reject);
      const piece = 'x'.repeat(1024 * 1024);
      req.write('{"blueprint":"');
      for (let i = 0; i < 11; i += 1) req.write(piece);
      req.end('"}');
    });
    expect([streamed.status, streamed.body.error.data.code, streamed.body.error.message]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
      'the request body is over the server’s limit (MAX_BODY_BYTES)',
    ]);
  });

  it('refuses a batch of 1,000 calls at once, naming MAX_BATCH_CALLS', async () => {
    const paths = Array.from({ length: 1000 }, () => 'catalog.list').join(',');
    const started = performance.now();
    const response = await fetch(`${api.server.url}/trpc/${paths}?batch=1`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
    const body = (await response.json()) as ErrorBody;
    expect([response.status, body.error.data.code, body.error.message]).toEqual([
      400,
      'BAD_REQUEST',
      'a batch holds at most 100 calls (MAX_BATCH_CALLS); this one has 1,000',
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    const hundred = Array.from({ length: 100 }, () => 'catalog.list').join(',');
    const allowed = await fetch(`${api.server.url}/trpc/${hundred}?batch=1`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
    expect([allowed.status, ((await allowed.json()) as unknown[]).length]).toEqual([200, 100]);
  });

  it('validates a 10,000-node blueprint by POST (too large for a URL)', async () => {
    const blueprint = chain(10_000);
    const text = JSON.stringify({ blueprint });
    expect(text.length).toBeGreaterThan(1_000_000);
    const response = await fetch(`${api.server.url}/trpc/flows.validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
      body: text,
    });
    const body = (await response.json()) as { result: { data: { issues: unknown[] } } };
    expect([response.status, body.result.data.issues]).toEqual([200, []]);
  });
});

describe('rate limits', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({
      env: {
        RATE_LIMIT_PER_SECOND: '2',
        RATE_LIMIT_BURST: '40',
        SOCKET_RATE_LIMIT_PER_SECOND: '1',
        SOCKET_RATE_LIMIT_BURST: '20',
      },
    });
  });
  afterAll(() => api?.close());

  it('answers 429 TOO_MANY_REQUESTS with Retry-After past a token’s burst; other tokens go on', async () => {
    const viewer = await api.userWith(['viewer']);
    // One tick: the client sends the 30 calls in one request, which takes 30 of the 40.
    const batch = await Promise.all(
      Array.from({ length: 30 }, () => viewer.client.catalog.list.query()),
    );
    expect(batch).toHaveLength(30);
    for (let i = 0; i < 10; i += 1) await viewer.client.auth.me.query();
    const refused = await fetch(`${api.server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    const body = (await refused.json()) as ErrorBody;
    expect([refused.status, body.error.data.code, refused.headers.get('retry-after')]).toEqual([
      429,
      'TOO_MANY_REQUESTS',
      '1',
    ]);
    expect(body.error.message).toMatch(
      /^too many requests: one token \(RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST\) may make 2 per second \(bursts of 40\); try again in 0\.\d s$/,
    );
    // The admin's token has a bucket of its own.
    expect((await api.admin.auth.me.query()).user.name).toBe('admin');
  });

  it('limits one socket: past its burst, requests get an error ack and the socket stays', async () => {
    const socket: Socket = io(api.server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: api.adminToken },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    try {
      const acks = (await Promise.all(
        Array.from({ length: 10_000 }, () =>
          socket.timeout(20_000).emitWithAck('run:subscribe', { runId: 'no-such-run' }),
        ),
      )) as { ok: boolean; error: { code: string } }[];
      const codes = new Map<string, number>();
      for (const ack of acks) codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
      expect(codes.get('NOT_FOUND')).toBeGreaterThanOrEqual(20);
      expect(codes.get('NOT_FOUND')).toBeLessThan(40);
      expect(codes.get('TOO_MANY_REQUESTS')).toBe(10_000 - (codes.get('NOT_FOUND') ?? 0));
      expect(socket.connected).toBe(true);
      await healthWithin(api, 1000);
    } finally {
      socket.disconnect();
    }
  });
});

describe('socket message size', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('answers a 2 MB message with an error ack and keeps the connection', async () => {
    const socket: Socket = io(api.server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: api.adminToken },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    try {
      const ack: unknown = await socket
        .timeout(10_000)
        .emitWithAck('run:subscribe', { runId: 'x'.repeat(2_000_000) });
      expect(ack).toEqual({
        ok: false,
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'payload: the message is over 64 KiB (SOCKET_MAX_MESSAGE_BYTES)',
          issues: [{ path: [], message: 'over 64 KiB' }],
        },
      });
      expect(socket.connected).toBe(true);
      const next: unknown = await socket
        .timeout(10_000)
        .emitWithAck('run:subscribe', { runId: 'no-such-run' });
      expect(next).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      socket.disconnect();
    }
  });
});
