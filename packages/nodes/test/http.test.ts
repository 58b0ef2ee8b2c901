import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLUEPRINT_SCHEMA, type Blueprint } from '@triggerflow/blueprint';
import { EngineError, TriggerFlow } from '@triggerflow/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeCatalog } from '../src/catalog';
import { HttpStatusError, type HttpClient } from '../src/http/client';
import { httpKind } from '../src/kinds/http';
import { createNodeHttpClient, isPublicAddress } from '../src/node/index';

// A real local server: it records every request it receives.

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const received: Received[] = [];
const held: ServerResponse[] = [];
let server: Server;
let port: number;
let base: string;

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': text.length });
  res.end(text);
}

function route(req: Received, res: ServerResponse): void {
  switch (req.url.split('?')[0] ?? '') {
    case '/json':
      return json(res, 200, { hello: 'world' });
    case '/echo':
      return json(res, 201, { method: req.method, body: JSON.parse(req.body) as unknown });
    case '/missing':
      return json(res, 404, { error: 'not found' });
    case '/broken':
      return json(res, 500, { error: 'broken' });
    case '/text':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('plain words');
    case '/hold':
      return void held.push(res);
    case '/big':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2048 });
      return void res.end('x'.repeat(2048));
    case '/stream':
      // No content-length, and it never ends: only a limit enforced while streaming stops it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x'.repeat(600));
      res.write('x'.repeat(600));
      return void held.push(res);
    default:
      return json(res, 418, { url: req.url });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.sendDate = false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      route(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
});

beforeEach(() => {
  received.length = 0;
  for (const res of held.splice(0)) res.destroy();
});

// The kind through the real engine: start → http → capture (writes its input to state `out`).

const catalog = new NodeCatalog([httpKind]);
const registry = catalog.registry({
  chunks: { capture: (d) => d.setState('out', d.input) },
});

function blueprint(config: unknown): Blueprint {
  return {
    schema: BLUEPRINT_SCHEMA,
    name: 'http-test',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'call', kind: 'chunk', handler: { ref: 'http', config } },
      { id: 'capture', kind: 'chunk', handler: { ref: 'capture' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'capture' },
    ],
  };
}

/** A clock that advances 12 ms per reading: every duration is exactly 12. */
function ticking(): () => number {
  let t = 0;
  return () => (t += 12);
}

const strict = createNodeHttpClient({ now: ticking() });
const local = createNodeHttpClient({ allow: ['127.0.0.1'], now: ticking() });

async function runNode(
  config: unknown,
  options: { client?: HttpClient; input?: unknown } = {},
): Promise<unknown> {
  const json = JSON.parse(JSON.stringify(blueprint(config))) as unknown;
  const flow = TriggerFlow.fromBlueprint(json, registry);
  const execution = flow.createExecution({
    autoClose: false,
    runtimeResources: { http: options.client ?? local },
  });
  await execution.start(options.input);
  await execution.close();
  return execution.getState('out');
}

const jsonHeaders = (length: number) => ({
  'content-type': 'application/json',
  'content-length': String(length),
  connection: 'close',
});

describe('http config', () => {
  const parse = (config: unknown) => httpKind.configSchema.safeParse(config);
  const issues = (config: unknown) => {
    const result = parse(config);
    if (result.success) throw new Error('expected the config to be refused');
    return result.error.issues;
  };

  it('fills the defaults', () => {
    expect(parse({ url: 'https://api.example.com/v1?q=1' })).toEqual({
      success: true,
      data: {
        method: 'GET',
        url: 'https://api.example.com/v1?q=1',
        headers: {},
        timeoutMs: 10_000,
        maxResponseBytes: 1_048_576,
        failOnStatus: false,
      },
    });
  });

  it('accepts expressions in the URL, header values and body', () => {
    const config = {
      method: 'POST',
      url: '="https://api.example.com/users/" & input.id',
      headers: { Authorization: '="Bearer " & state.token', 'X-Static': 'yes' },
      body: '{ "name": input.name }',
      timeoutMs: 120_000,
      maxResponseBytes: 20 * 1024 * 1024,
      failOnStatus: true,
    };
    expect(parse(config)).toEqual({ success: true, data: config });
  });

  it.each([
    ['an unknown method', { url: 'https://x.test', method: 'FETCH' }, ['method']],
    ['a zero timeout', { url: 'https://x.test', timeoutMs: 0 }, ['timeoutMs']],
    ['a timeout over 120 s', { url: 'https://x.test', timeoutMs: 120_001 }, ['timeoutMs']],
    ['a fractional timeout', { url: 'https://x.test', timeoutMs: 1.5 }, ['timeoutMs']],
    [
      'a limit over 20 MiB',
      { url: 'https://x.test', maxResponseBytes: 21 * 1024 * 1024 },
      ['maxResponseBytes'],
    ],
    ['no URL', {}, ['url']],
    ['an ftp URL', { url: 'ftp://x.test/file' }, ['url']],
    ['a relative URL', { url: '/users/1' }, ['url']],
    [
      'a header name with a space',
      { url: 'https://x.test', headers: { 'X Bad': '1' } },
      ['headers', 'X Bad'],
    ],
    ['a body that does not parse', { url: 'https://x.test', body: '{ "a": }' }, ['body']],
  ])('refuses %s', (_what, config, path) => {
    expect(issues(config).map((i) => i.path)).toEqual([path]);
  });

  it('refuses a URL expression with a syntax error, naming the position', () => {
    const [issue, ...rest] = issues({ url: '="https://x.test/" & input.(' });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      path: ['url'],
      message:
        `JSONata S0203 at position 27: Expected ")" before end of expression ` +
        `(positions count from after the '=')`,
      params: { position: 27 },
    });
  });

  it('reports the same problem on the node when a blueprint is loaded', () => {
    let error: unknown;
    try {
      TriggerFlow.fromBlueprint(blueprint({ url: '=input.(' }), registry);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('INVALID_BLUEPRINT');
    expect((error as EngineError).message).toMatch(/^Invalid blueprint: call: .*position 7/);
  });

  it('gives the editor a JSON Schema form', () => {
    const entry = catalog.entries().find((e) => e.kind === 'http');
    expect(entry).toMatchObject({ nodeKind: 'chunk', icon: 'globe', category: 'io' });
    expect(entry?.configJsonSchema).toMatchObject({
      type: 'object',
      required: ['url'],
      properties: {
        method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], default: 'GET' },
        timeoutMs: { type: 'integer', minimum: 1, maximum: 120_000, default: 10_000 },
        maxResponseBytes: { default: 1_048_576, maximum: 20_971_520 },
        failOnStatus: { type: 'boolean', default: false },
      },
    });
  });
});

describe('http requests', () => {
  it('GETs JSON and parses it', async () => {
    expect(await runNode({ url: `${base}/json` })).toEqual({
      ok: true,
      status: 200,
      headers: jsonHeaders(17),
      body: { hello: 'world' },
      durationMs: 12,
    });
    expect(received.map((r) => [r.method, r.url, r.body])).toEqual([['GET', '/json', '']]);
  });

  it('POSTs a JSON body from an expression, with literal and expression headers', async () => {
    const output = await runNode(
      {
        method: 'POST',
        url: '="http://127.0.0.1:" & $string(input.port) & "/echo"',
        headers: { 'X-Trace': '=input.trace', 'X-Static': 'yes', 'X-Absent': '=input.nothing' },
        body: '{ "name": $uppercase(input.name), "count": $count(input.items) }',
      },
      { input: { port, trace: 'abc-1', name: 'ada', items: [1, 2, 3] } },
    );
    const echoed = { method: 'POST', body: { name: 'ADA', count: 3 } };
    expect(output).toEqual({
      ok: true,
      status: 201,
      headers: jsonHeaders(JSON.stringify(echoed).length),
      body: echoed,
      durationMs: 12,
    });
    const [request, ...rest] = received;
    expect(rest).toEqual([]);
    expect(request?.body).toBe('{"name":"ADA","count":3}');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '24',
      'x-trace': 'abc-1',
      'x-static': 'yes',
    });
    expect(request?.headers).not.toHaveProperty('x-absent');
  });

  it('passes text responses on as text, and HEAD has no body', async () => {
    expect(await runNode({ url: `${base}/text` })).toMatchObject({
      ok: true,
      status: 200,
      body: 'plain words',
    });
    expect(await runNode({ url: `${base}/json`, method: 'HEAD' })).toEqual({
      ok: true,
      status: 200,
      headers: jsonHeaders(17),
      body: null,
      durationMs: 12,
    });
  });

  it('gives a non-2xx status as data, with the response', async () => {
    expect(await runNode({ url: `${base}/missing?key=secret` })).toEqual({
      ok: false,
      status: 404,
      headers: jsonHeaders(21),
      body: { error: 'not found' },
      durationMs: 12,
      error: {
        code: 'HTTP_STATUS',
        message: `GET http://127.0.0.1:${port}/missing?… answered 404`,
      },
    });
  });

  it('fails the run on a non-2xx status with failOnStatus', async () => {
    const flow = TriggerFlow.fromBlueprint(
      blueprint({ url: `${base}/broken`, failOnStatus: true }),
      registry,
    );
    const execution = flow.createExecution({ autoClose: false, runtimeResources: { http: local } });
    const error: unknown = await execution.start().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({
      code: 'HTTP_STATUS',
      status: 500,
      body: { error: 'broken' },
      message: `GET ${base}/broken answered 500`,
    });
    expect(execution.getState('out')).toBeUndefined();
  });

  it('gives TIMEOUT as data when the server holds the request', async () => {
    expect(await runNode({ url: `${base}/hold`, timeoutMs: 50 })).toEqual({
      ok: false,
      error: { code: 'TIMEOUT', message: `GET ${base}/hold: no response within 50 ms` },
    });
    expect(received.map((r) => r.url)).toEqual(['/hold']);
  });

  it('ends the request when the run is closed with cancel: the step ends quietly, no output', async () => {
    const json = JSON.parse(
      JSON.stringify(blueprint({ url: `${base}/hold`, timeoutMs: 60_000 })),
    ) as unknown;
    const flow = TriggerFlow.fromBlueprint(json, registry);
    const execution = flow.createExecution({ autoClose: false, runtimeResources: { http: local } });
    const started = execution.start(null).catch((error: unknown) => error);
    await expect.poll(() => received.map((r) => r.url)).toEqual(['/hold']);
    const closed = execution.close({ pendingInterrupts: 'cancel', timeoutMs: 5000 });
    await closed;
    await started;
    // The step neither produced an output (capture never ran) nor failed the execution.
    expect(execution.getState('out')).toBeUndefined();
    expect(execution.status).toBe('completed');
  });

  it('gives TOO_LARGE when the declared length is over the limit', async () => {
    expect(await runNode({ url: `${base}/big`, maxResponseBytes: 1024 })).toEqual({
      ok: false,
      error: { code: 'TOO_LARGE', message: `GET ${base}/big: response larger than 1024 bytes` },
    });
  });

  it('gives TOO_LARGE while a body without a length streams in', async () => {
    // The stream never ends: without the streaming limit this would be a TIMEOUT.
    expect(
      await runNode({ url: `${base}/stream`, maxResponseBytes: 1000, timeoutMs: 10_000 }),
    ).toEqual({
      ok: false,
      error: { code: 'TOO_LARGE', message: `GET ${base}/stream: response larger than 1000 bytes` },
    });
  });

  it('gives NETWORK when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await runNode({ url: `http://127.0.0.1:${free}/` })).toMatchObject({
      ok: false,
      error: { code: 'NETWORK', message: expect.stringContaining('ECONNREFUSED') as unknown },
    });
  });

  it.each([
    ['an expression that fails', '=$error("no id")', 'EXPRESSION', 'url: '],
    [
      'an expression that gives a number',
      '=42',
      'INVALID_URL',
      'url: the expression gave a number',
    ],
    [
      'a URL of another scheme',
      '="file:///etc/passwd"',
      'INVALID_URL',
      'GET file:///etc/passwd: only',
    ],
    ['a string that is no URL', '="http://"', 'INVALID_URL', 'GET http://: not an absolute URL'],
  ])('gives %s as data', async (_what, url, code, start) => {
    const output = await runNode({ url });
    expect(output).toEqual({ ok: false, error: { code, message: expect.any(String) as unknown } });
    expect((output as { error: { message: string } }).error.message.startsWith(start)).toBe(true);
    expect(received).toEqual([]);
  });

  it('fails the run when no http resource is mounted (a server set-up bug)', async () => {
    const flow = TriggerFlow.fromBlueprint(blueprint({ url: `${base}/json` }), registry);
    const execution = flow.createExecution({ autoClose: false });
    await expect(execution.start()).rejects.toMatchObject({ code: 'RESOURCE_MISSING' });
  });
});

describe('private addresses', () => {
  it.each([
    ['127.0.0.1', () => `${base}/json`, /^refused 127\.0\.0\.1: a loopback address/],
    [
      'localhost',
      () => `http://localhost:${port}/json`,
      /^refused localhost resolves to .*loopback/,
    ],
    ['10.0.0.1', () => 'http://10.0.0.1/', /^refused 10\.0\.0\.1: a private address/],
    ['[::1]', () => `http://[::1]:${port}/json`, /^refused ::1: a loopback address/],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', /link-local/],
    ['::ffff:127.0.0.1', () => `http://[::ffff:127.0.0.1]:${port}/json`, /loopback/],
  ])('refuses %s without an allow list, before any request', async (_host, url, message) => {
    const output = await runNode({ url: url() }, { client: strict });
    expect(output).toEqual({
      ok: false,
      error: { code: 'PRIVATE_ADDRESS', message: expect.stringMatching(message) as unknown },
    });
    expect(received).toEqual([]);
  });

  it.each([
    ['127.0.0.1', ['127.0.0.1'], () => `${base}/json`],
    ['a CIDR', ['127.0.0.0/8'], () => `${base}/json`],
    ['the hostname', ['localhost'], () => `http://localhost:${port}/json`],
    ['::1', ['::1'], () => `http://[::1]:${port}/json`],
    ['127.0.0.1 (IPv4-mapped)', ['127.0.0.1'], () => `http://[::ffff:127.0.0.1]:${port}/json`],
  ])('reaches the server when the allow list names %s', async (_what, allow, url) => {
    const client = createNodeHttpClient({ allow, now: ticking() });
    expect(await runNode({ url: url() }, { client })).toEqual({
      ok: true,
      status: 200,
      headers: jsonHeaders(17),
      body: { hello: 'world' },
      durationMs: 12,
    });
    expect(received.map((r) => r.url)).toEqual(['/json']);
  });

  it('allows only what the list names', async () => {
    const client = createNodeHttpClient({ allow: ['127.0.0.1'] });
    const output = await runNode({ url: `http://[::1]:${port}/json` }, { client });
    expect(output).toMatchObject({ ok: false, error: { code: 'PRIVATE_ADDRESS' } });
    expect(received).toEqual([]);
  });

  it('refuses an allow list entry that is not a hostname, IP or CIDR', () => {
    expect(() => createNodeHttpClient({ allow: ['10.0.0.0/33'] })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => createNodeHttpClient({ allow: ['http://x'] })).toThrow(/not a hostname/);
  });

  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.8.8.8',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    'not-an-ip',
  ])('counts %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.128.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('counts %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
