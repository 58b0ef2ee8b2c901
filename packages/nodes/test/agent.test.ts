import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLUEPRINT_SCHEMA } from '@triggerflow/blueprint';
import { ManualClock, TriggerFlow, validateBlueprint } from '@triggerflow/engine';
import type { TriggerFlowRuntimeData } from '@triggerflow/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createAgent } from '../src/ai/agent';
import { openAICompatibleProvider } from '../src/ai/openai';
import { ModelError } from '../src/ai/provider';
import type { ModelProvider, ModelReply, ModelRequest } from '../src/ai/provider';
import { rulesProvider } from '../src/ai/rules';
import { NodeCatalog } from '../src/catalog';
import { agentKind, classifyKind } from '../src/kinds/agent';

type Json = Record<string, unknown>;

/** A provider that answers from a script and keeps every request. */
function scripted(replies: readonly string[], model = 'scripted') {
  const requests: ModelRequest[] = [];
  const provider: ModelProvider = {
    name: 'scripted',
    complete(request) {
      requests.push(request);
      const content = replies[requests.length - 1];
      if (content === undefined) return Promise.reject(new Error('the script ran out'));
      return Promise.resolve({ content, model, usage: { promptTokens: 10, completionTokens: 5 } });
    },
  };
  return { provider, requests };
}

/** A clock for `now`: each call returns the next value. */
const ticks = (...values: number[]) => {
  let i = 0;
  return () => values[i++] ?? Number.NaN;
};

/** The rejection of `promise` as a ModelError (fails the test when it resolves or throws something else). */
async function modelError(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

const CATEGORY_SCHEMA = {
  type: 'object',
  properties: { category: { type: 'string', description: 'Category' } },
  required: ['category'],
};

describe('createAgent', () => {
  it('runs the playbook pattern: input, instructions and shape in, the validated output out', async () => {
    const { provider, requests } = scripted(['{"category":"B"}']);
    const agent = createAgent({ provider });
    const output = await agent
      .input({ text: 'Refund my order' })
      .instruct('Classify the request.')
      .output({ category: z.string().describe('Category') })
      .start();
    expect(output).toEqual({ category: 'B' });
    expect(requests).toEqual([
      {
        messages: [
          {
            role: 'system',
            content:
              'Classify the request.\n\nReply with one JSON object, and nothing else, that matches this JSON Schema:\n' +
              JSON.stringify(CATEGORY_SCHEMA),
          },
          { role: 'user', content: 'Input:\n{"text":"Refund my order"}' },
        ],
        input: { text: 'Refund my order' },
        state: undefined,
        jsonSchema: CATEGORY_SCHEMA,
        rules: undefined,
        model: undefined,
        temperature: undefined,
      },
    ]);
  });

  it('is immutable: a configured builder can be reused with different inputs', async () => {
    const { provider, requests } = scripted(['{"n":1}', '{"n":2}']);
    const base = createAgent({ provider, model: 'm1', temperature: 0.3 })
      .instruct('Count.')
      .output(z.object({ n: z.number().int() }));
    expect(Object.isFrozen(base)).toBe(true);
    const first = base.input('one');
    const second = base.input('two');
    expect(await second.start()).toEqual({ n: 1 });
    expect(await first.start()).toEqual({ n: 2 });
    expect(requests.map((r) => [r.input, r.model, r.temperature])).toEqual([
      ['two', 'm1', 0.3],
      ['one', 'm1', 0.3],
    ]);
  });

  it('accepts a reply wrapped in a ```json fence', async () => {
    const { provider } = scripted(['Here it is:\n```json\n{ "category": "A" }\n```']);
    const output = await createAgent({ provider })
      .output({ category: z.enum(['A', 'B']) })
      .start();
    expect(output).toEqual({ category: 'A' });
  });

  it('retries with the validation errors fed back, and reports usage, latency and attempts', async () => {
    const { provider, requests } = scripted(['{"category": 3}', '{"category":"A"}']);
    const run = await createAgent({ provider, now: ticks(1_000, 1_040, 1_100) })
      .input('x')
      .instruct('Classify.')
      .output({ category: z.string().describe('Category') })
      .startWithMeta();
    expect(run).toEqual({
      output: { category: 'A' },
      usage: { promptTokens: 20, completionTokens: 10 },
      latencyMs: 100,
      attempts: 2,
      model: 'scripted',
    });
    expect(requests).toHaveLength(2);
    const [system, user] = requests[0]?.messages ?? [];
    expect(requests[1]?.messages).toEqual([
      system,
      user,
      { role: 'assistant', content: '{"category": 3}' },
      {
        role: 'user',
        content:
          'Your reply did not match the schema:\n' +
          '- category: Invalid input: expected string, received number\n' +
          'Reply again with only the corrected JSON object.',
      },
    ]);
  });

  it('feeds back a reply that is not JSON at all', async () => {
    const { provider, requests } = scripted(['Sure! The category is A.', '{"category":"A"}']);
    const output = await createAgent({ provider }).output({ category: z.string() }).start();
    expect(output).toEqual({ category: 'A' });
    expect(requests[1]?.messages[3]?.content).toMatch(
      /^Your reply did not match the schema:\n- the reply is not valid JSON \(/,
    );
  });

  it('gives up after maxRetries with INVALID_OUTPUT naming the last validation errors', async () => {
    const { provider, requests } = scripted([
      '{"category":1}',
      '{"category":"Z"}',
      '{"category":"Z"}',
    ]);
    const error = await modelError(
      createAgent({ provider, maxRetries: 1, now: ticks(0, 7, 9) })
        .output({ category: z.enum(['A', 'B']) })
        .start(),
    );
    expect(requests).toHaveLength(2);
    expect(error.code).toBe('INVALID_OUTPUT');
    expect(error.message).toBe(
      "The model's reply did not match the output schema after 2 attempt(s): " +
        'category: Invalid option: expected one of "A"|"B"',
    );
    expect(error.details).toEqual({
      usage: { promptTokens: 20, completionTokens: 10 },
      latencyMs: 9,
      attempts: 2,
      model: 'scripted',
      errors: ['category: Invalid option: expected one of "A"|"B"'],
      reply: '{"category":"Z"}',
    });
  });

  it('makes one attempt with maxRetries 0, and never retries a provider failure', async () => {
    const invalid = scripted(['{}', '{"category":"A"}']);
    const gaveUp = await modelError(
      createAgent({ provider: invalid.provider, maxRetries: 0 })
        .output({ category: z.string() })
        .start(),
    );
    expect(gaveUp.code).toBe('INVALID_OUTPUT');
    expect(invalid.requests).toHaveLength(1);

    const failure = new ModelError('HTTP', 'HTTP 503', { status: 503 });
    const complete = vi.fn((_request: ModelRequest): Promise<ModelReply> =>
      Promise.reject(failure),
    );
    const promise = createAgent({ provider: { name: 'down', complete } })
      .output({ category: z.string() })
      .start();
    await expect(promise).rejects.toBe(failure);
    expect(complete).toHaveBeenCalledTimes(1);
  });

  it('without output(), resolves the reply text and asks for no JSON', async () => {
    const { provider, requests } = scripted(['Hello, Ada.']);
    expect(await createAgent({ provider }).instruct('Greet.').input('Ada').start()).toBe(
      'Hello, Ada.',
    );
    expect(requests[0]?.jsonSchema).toBeUndefined();
    expect(requests[0]?.messages[0]).toEqual({ role: 'system', content: 'Greet.' });
  });
});

// A real HTTP server that speaks chat completions.

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Json;
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function chatServer(replies: readonly { status?: number; body: unknown }[]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json,
      });
      const reply = replies[seen.length - 1] ?? { status: 500, body: 'no more replies' };
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { seen, baseUrl: `http://127.0.0.1:${port}/v1/` };
}

const completion = (content: string, usage: [number, number], model = 'llama3:8b') => ({
  body: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: usage[0],
      completion_tokens: usage[1],
      total_tokens: usage[0] + usage[1],
    },
  },
});

describe('openAICompatibleProvider', () => {
  it('posts model, messages, temperature and response_format with the bearer key', async () => {
    const { seen, baseUrl } = await chatServer([completion('{"category":"A"}', [12, 3])]);
    const provider = openAICompatibleProvider({ baseUrl, apiKey: 'sk-test', model: 'llama3' });
    const output = await createAgent({ provider, temperature: 0.2 })
      .input({ text: 'hi' })
      .instruct('Classify.')
      .output({ category: z.string().describe('Category') })
      .start();
    expect(output).toEqual({ category: 'A' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    });
    expect(seen[0]?.body).toEqual({
      model: 'llama3',
      messages: [
        {
          role: 'system',
          content:
            'Classify.\n\nReply with one JSON object, and nothing else, that matches this JSON Schema:\n' +
            JSON.stringify(CATEGORY_SCHEMA),
        },
        { role: 'user', content: 'Input:\n{"text":"hi"}' },
      ],
      temperature: 0.2,
      response_format: { type: 'json_object' },
    });
  });

  it('retries a reply that fails validation once, then passes; usage is summed from the server', async () => {
    const { seen, baseUrl } = await chatServer([
      completion('{"category":"maybe"}', [40, 6]),
      completion('```json\n{"category":"B"}\n```', [61, 7]),
    ]);
    const provider = openAICompatibleProvider({ baseUrl, model: 'llama3' });
    const run = await createAgent({ provider, model: 'llama3:8b' })
      .input('refund')
      .instruct('Classify.')
      .output({ category: z.enum(['A', 'B']) })
      .startWithMeta();
    expect(run).toMatchObject({
      output: { category: 'B' },
      usage: { promptTokens: 101, completionTokens: 13 },
      attempts: 2,
      model: 'llama3:8b',
    });
    expect(seen.map((s) => s.body['model'])).toEqual(['llama3:8b', 'llama3:8b']);
    expect(seen[0]?.headers.authorization).toBeUndefined();
    const retry = seen[1]?.body['messages'] as { role: string; content: string }[];
    expect(retry.slice(2)).toEqual([
      { role: 'assistant', content: '{"category":"maybe"}' },
      {
        role: 'user',
        content:
          'Your reply did not match the schema:\n' +
          '- category: Invalid option: expected one of "A"|"B"\n' +
          'Reply again with only the corrected JSON object.',
      },
    ]);
  });

  it('leaves out response_format when jsonMode is off or no JSON is expected', async () => {
    const { seen, baseUrl } = await chatServer([
      completion('{"ok":true}', [1, 1]),
      completion('plain text', [1, 2]),
    ]);
    const off = openAICompatibleProvider({ baseUrl, model: 'm', jsonMode: false });
    await createAgent({ provider: off }).output({ ok: z.boolean() }).start();
    const text = openAICompatibleProvider({ baseUrl, model: 'm' });
    expect(await createAgent({ provider: text }).start()).toBe('plain text');
    expect(seen.map((s) => Object.keys(s.body))).toEqual([
      ['model', 'messages'],
      ['model', 'messages'],
    ]);
  });

  it('turns an HTTP 500 into ModelError HTTP with the status and a bit of the body', async () => {
    const { baseUrl } = await chatServer([
      { status: 500, body: { error: { message: 'overloaded' } } },
    ]);
    const provider = openAICompatibleProvider({ baseUrl, model: 'm', maxRetries: 0 });
    const error = await modelError(createAgent({ provider }).output({ a: z.string() }).start());
    expect(error.code).toBe('HTTP');
    expect(error.message).toBe(
      'The model server answered HTTP 500: {"error":{"message":"overloaded"}}',
    );
    expect(error.details).toMatchObject({
      status: 500,
      body: '{"error":{"message":"overloaded"}}',
    });
  });

  it('turns a reply without choices into BAD_REPLY, and an unreachable server into NETWORK', async () => {
    const { baseUrl } = await chatServer([{ body: { choices: [] } }, { body: 'not json' }]);
    const provider = openAICompatibleProvider({ baseUrl, model: 'm' });
    const request = { messages: [], input: null };
    const empty = await modelError(provider.complete(request));
    expect([empty.code, empty.message]).toEqual([
      'BAD_REPLY',
      'The model server sent an unexpected reply (choices: no choices).',
    ]);
    expect((await modelError(provider.complete(request))).code).toBe('BAD_REPLY');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = openAICompatibleProvider({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'm',
      maxRetries: 0,
    });
    const network = await modelError(unreachable.complete(request));
    expect(network.code).toBe('NETWORK');
    expect(network.details).toEqual({ url: `http://127.0.0.1:${port}/v1/chat/completions` });
  });

  it('uses the fetch it is given', async () => {
    const fetch = vi.fn(() =>
      Promise.resolve({
        ok: true,
        status: 200,
        text: () => Promise.resolve(JSON.stringify(completion('hi', [2, 1]).body)),
      }),
    );
    const provider = openAICompatibleProvider({
      baseUrl: 'https://models.test/v1',
      model: 'm',
      fetch,
    });
    expect(
      await provider.complete({ messages: [{ role: 'user', content: 'x' }], input: 'x' }),
    ).toEqual({
      content: 'hi',
      model: 'llama3:8b',
      usage: { promptTokens: 2, completionTokens: 1 },
    });
    expect(fetch).toHaveBeenCalledWith('https://models.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"m","messages":[{"role":"user","content":"x"}]}',
      signal: expect.objectContaining({ aborted: false }) as unknown,
    });
  });
});

describe('rulesProvider', () => {
  const ask = (provider: ModelProvider, input: unknown, extra: Partial<ModelRequest> = {}) =>
    provider.complete({
      messages: [{ role: 'user', content: 'three words here' }],
      input,
      jsonSchema: {},
      ...extra,
    });

  it('matches a keyword case-insensitively in the input JSON; the node’s rules come first', async () => {
    const provider = rulesProvider({
      rules: [
        { keyword: ['invoice', 'REFUND'], output: { category: 'billing' } },
        { keyword: 'urgent', output: { category: 'own' } },
      ],
    });
    expect(await ask(provider, { text: 'Please refund me' })).toEqual({
      content: '{"category":"billing"}',
      model: 'rules',
      usage: { promptTokens: 3, completionTokens: 1 },
    });
    const nodeRules = [{ keyword: 'urgent', output: { category: 'node' } }];
    expect((await ask(provider, 'URGENT', { rules: nodeRules })).content).toBe(
      '{"category":"node"}',
    );
    expect((await ask(provider, 'urgent')).content).toBe('{"category":"own"}');
  });

  it('matches a JSONata predicate over input and state; keyword and expression together need both', async () => {
    const provider = rulesProvider({
      rules: [
        { keyword: 'vip', expression: 'state.tier = "gold"', output: 'both' },
        { expression: 'input.amount > 1000', output: 'big' },
        { expression: 'state.tier = "gold"', output: 'gold' },
      ],
    });
    const gold = { tier: 'gold' };
    expect((await ask(provider, { amount: 5000 })).content).toBe('"big"');
    expect((await ask(provider, { amount: 5, note: 'vip' }, { state: gold })).content).toBe(
      '"both"',
    );
    expect((await ask(provider, { amount: 5 }, { state: gold })).content).toBe('"gold"');
    // A string output is sent as is when the caller expects text.
    expect((await ask(provider, { amount: 5000 }, { jsonSchema: undefined })).content).toBe('big');
  });

  it('falls back to a fixed output or another provider, else fails with NO_RULE', async () => {
    const fixed = rulesProvider({ rules: [], fallback: { output: { category: 'other' } } });
    expect((await ask(fixed, 'anything')).content).toBe('{"category":"other"}');
    const next = scripted(['{"from":"next"}']);
    const chained = rulesProvider({ fallback: next.provider });
    expect((await ask(chained, 'anything')).content).toBe('{"from":"next"}');
    expect(next.requests).toHaveLength(1);

    const error = await modelError(
      ask(rulesProvider({ rules: [{ keyword: 'x', output: 1 }] }), 'nothing'),
    );
    expect([error.code, error.message]).toEqual([
      'NO_RULE',
      'No offline rule matches the input "nothing".',
    ]);
  });
});

// The kinds, run through the real engine from a blueprint.

// `register` rather than the constructor: `NodeCatalog`'s `NodeKind<never>[]` parameter rejects typed kinds.
const catalog = new NodeCatalog().register(agentKind).register(classifyKind);
const registry = catalog.registry({
  chunks: {
    capture: (d: TriggerFlowRuntimeData) => d.setState('out', d.input),
    tag: (d: TriggerFlowRuntimeData) => `${String(d.nodeId)}:${String(d.input)}`,
    /** Writes `input.state` into the state and passes `input.payload` on. */
    seed: async (d: TriggerFlowRuntimeData) => {
      const { state, payload } = d.input as { state: Json; payload: unknown };
      for (const [key, value] of Object.entries(state)) await d.setState(key, value);
      return payload;
    },
  },
});

const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}->${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

/** start → seed → the node → capture (writes its input to state `out`). */
const single = (ref: string, config: unknown) => ({
  schema: BLUEPRINT_SCHEMA,
  name: `one ${ref}`,
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'seed', kind: 'chunk', handler: { ref: 'seed' } },
    { id: 'step', kind: 'chunk', handler: { ref, config } },
    { id: 'capture', kind: 'chunk', handler: { ref: 'capture' } },
  ],
  edges: [edge('start', 'seed'), edge('seed', 'step'), edge('step', 'capture')],
});

async function runFlow(
  blueprint: unknown,
  provider: ModelProvider | undefined,
  input: unknown,
  state: Json = {},
) {
  const flow = TriggerFlow.fromBlueprint(JSON.parse(JSON.stringify(blueprint)), registry, {
    clock: new ManualClock(),
  });
  const execution = flow.createExecution({
    autoClose: false,
    runtimeResources: provider ? { model: provider } : {},
  });
  const started = execution.start({ state, payload: input }).then(
    () => undefined,
    (error: unknown) => error,
  );
  const error = await started;
  const snapshot = await execution.close();
  const stream: unknown[] = [];
  for await (const item of execution.getRuntimeStream()) stream.push(item);
  return { error, snapshot, stream };
}

const TICKET_AGENT = {
  instructions:
    'Summarise the ticket from {{ input.from }} (priority {{ state.priority }}, tags {{ input.tags }}).',
  output: {
    fields: [
      { name: 'summary', description: 'One sentence' },
      { name: 'urgent', type: 'boolean' },
      { name: 'score', type: 'integer', optional: true },
      { name: 'team', enum: ['billing', 'tech'] },
    ],
  },
  maxRetries: 1,
  model: 'small',
};

describe('agent kind', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('renders the template, validates the reply, passes it on and streams the usage', async () => {
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 25));
    const { provider, requests } = scripted([
      '{"summary":"Ada cannot log in.","urgent":"yes","team":"tech"}',
      '{"summary":"Ada cannot log in.","urgent":true,"team":"tech"}',
    ]);
    const { error, snapshot, stream } = await runFlow(
      single('agent', TICKET_AGENT),
      provider,
      { from: 'Ada', tags: ['login'] },
      { priority: 2 },
    );
    expect(error).toBeUndefined();
    expect(snapshot['out']).toEqual({ summary: 'Ada cannot log in.', urgent: true, team: 'tech' });
    expect(stream).toEqual([
      {
        type: 'usage',
        nodeId: 'step',
        model: 'scripted',
        promptTokens: 20,
        completionTokens: 10,
        latencyMs: 50,
        attempts: 2,
      },
    ]);
    expect(requests[0]?.messages[0]?.content).toMatch(
      /^Summarise the ticket from Ada \(priority 2, tags \["login"\]\)\.\n\n/,
    );
    expect(requests[0]).toMatchObject({
      model: 'small',
      input: { from: 'Ada', tags: ['login'] },
      state: { priority: 2 },
      jsonSchema: {
        type: 'object',
        properties: {
          summary: { type: 'string', description: 'One sentence' },
          urgent: { type: 'boolean' },
          score: { type: 'integer' },
          team: { type: 'string', enum: ['billing', 'tech'] },
        },
        required: ['summary', 'urgent', 'team'],
      },
    });
  });

  it('runs offline with the node’s rules through the rules provider', async () => {
    const config = {
      ...TICKET_AGENT,
      rules: [
        {
          keyword: 'invoice',
          output: { summary: 'Billing question.', urgent: false, team: 'billing' },
        },
        {
          expression: 'state.priority > 3',
          output: { summary: 'Escalated.', urgent: true, score: 9, team: 'tech' },
        },
      ],
    };
    const invoice = await runFlow(
      single('agent', config),
      rulesProvider(),
      { from: 'Bo', text: 'My INVOICE' },
      { priority: 1 },
    );
    expect(invoice.snapshot['out']).toEqual({
      summary: 'Billing question.',
      urgent: false,
      team: 'billing',
    });
    const escalated = await runFlow(
      single('agent', config),
      rulesProvider(),
      { from: 'Cy' },
      { priority: 5 },
    );
    expect(escalated.snapshot['out']).toEqual({
      summary: 'Escalated.',
      urgent: true,
      score: 9,
      team: 'tech',
    });
    expect(escalated.stream).toEqual([
      expect.objectContaining({ type: 'usage', nodeId: 'step', model: 'rules', attempts: 1 }),
    ]);
  });

  it('fails the step with INVALID_OUTPUT after maxRetries, still streaming the usage', async () => {
    const { provider, requests } = scripted(['{"summary":1}', '{"summary":2}', '{"summary":3}']);
    const { error, snapshot, stream } = await runFlow(
      single('agent', TICKET_AGENT),
      provider,
      { from: 'Ada' },
      {},
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('INVALID_OUTPUT');
    expect(requests).toHaveLength(2);
    expect(snapshot['out']).toBeUndefined();
    expect(stream).toEqual([
      expect.objectContaining({
        type: 'usage',
        nodeId: 'step',
        promptTokens: 20,
        completionTokens: 10,
        attempts: 2,
      }),
    ]);
  });

  it('needs the model resource', async () => {
    const { error } = await runFlow(single('agent', TICKET_AGENT), undefined, {});
    expect(error).toMatchObject({ code: 'RESOURCE_MISSING' });
  });
});

describe('classify kind', () => {
  const routed = (config: unknown) => ({
    schema: BLUEPRINT_SCHEMA,
    name: 'classify and route',
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'seed', kind: 'chunk', handler: { ref: 'seed' } },
      { id: 'classify', kind: 'chunk', handler: { ref: 'classify', config } },
      {
        id: 'route',
        kind: 'match',
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'a', when: { value: 'A' } },
            { id: 'b', when: { value: 'B' } },
            { id: 'else', isElse: true },
          ],
        },
      },
      { id: 'handleA', kind: 'chunk', handler: { ref: 'tag' } },
      { id: 'handleB', kind: 'chunk', handler: { ref: 'tag' } },
      { id: 'handleOther', kind: 'chunk', handler: { ref: 'tag' } },
      { id: 'route-end', kind: 'endMatch', options: { match: 'route' } },
      { id: 'capture', kind: 'chunk', handler: { ref: 'capture' } },
    ],
    edges: [
      edge('start', 'seed'),
      edge('seed', 'classify'),
      edge('classify', 'route'),
      edge('route', 'handleA', 'case:a'),
      edge('route', 'handleB', 'case:b'),
      edge('route', 'handleOther', 'else'),
      edge('handleA', 'route-end'),
      edge('handleB', 'route-end'),
      edge('handleOther', 'route-end'),
      edge('route-end', 'capture'),
    ],
  });

  const CLASSIFY = {
    categories: ['A', 'B', 'C'],
    instructions: 'The customer is {{ state.customer }}.',
    rules: [
      { keyword: 'refund', output: 'B' },
      { expression: 'input.amount > 1000', output: { category: 'A' } },
    ],
  };

  it('returns the category for a following match, offline with rules', async () => {
    const provider = rulesProvider({ fallback: { output: { category: 'C' } } });
    const results: unknown[] = [];
    for (const input of [
      { text: 'Refund please', amount: 5 },
      { text: 'x', amount: 5000 },
      { text: 'hello', amount: 1 },
    ]) {
      const { error, snapshot } = await runFlow(routed(CLASSIFY), provider, input, {
        customer: 'Ada',
      });
      expect(error).toBeUndefined();
      results.push(snapshot['out']);
    }
    expect(results).toEqual(['handleB:B', 'handleA:A', 'handleOther:C']);
  });

  it('asks for { category } limited to the categories, with the extra instructions', async () => {
    const { provider, requests } = scripted(['{"category":"D"}', '{"category":"A"}']);
    const { snapshot, stream } = await runFlow(
      single('classify', CLASSIFY),
      provider,
      { text: 'hi' },
      { customer: 'Ada' },
    );
    expect(snapshot['out']).toBe('A');
    expect(stream).toEqual([
      expect.objectContaining({ type: 'usage', nodeId: 'step', attempts: 2 }),
    ]);
    expect(requests[0]?.messages[0]?.content).toMatch(
      /^Classify the input into exactly one of these categories: A, B, C\.\n\nThe customer is Ada\.\n\n/,
    );
    expect(requests[0]?.jsonSchema).toEqual({
      type: 'object',
      properties: {
        category: {
          type: 'string',
          enum: ['A', 'B', 'C'],
          description: 'The category that fits the input best',
        },
      },
      required: ['category'],
    });
    expect(requests[0]?.rules).toEqual([
      { keyword: 'refund', output: { category: 'B' } },
      { expression: 'input.amount > 1000', output: { category: 'A' } },
    ]);
  });
});

describe('config validation', () => {
  const issues = (kind: typeof agentKind | typeof classifyKind, config: unknown) =>
    (kind.configSchema.safeParse(config).error?.issues ?? []).map((i) => ({
      path: i.path,
      message: i.message,
    }));

  it('accepts a good agent config and fills in the defaults', () => {
    expect(
      agentKind.configSchema.parse({
        instructions: 'Hi {{ input.name }}',
        output: { fields: [{ name: 'reply' }] },
      }),
    ).toEqual({
      instructions: 'Hi {{ input.name }}',
      output: { fields: [{ name: 'reply', type: 'string', optional: false }] },
      maxRetries: 2,
    });
  });

  it('reports a template syntax error with its position in the template', () => {
    const bad = {
      instructions: 'Hello {{ input.( }} and {{ }}',
      output: { fields: [{ name: 'a' }] },
    };
    expect(issues(agentKind, bad)).toEqual([
      {
        path: ['instructions'],
        message: 'JSONata S0203: Expected ")" before end of expression (template position 17)',
      },
      { path: ['instructions'], message: 'an empty {{ }} segment (template position 26)' },
    ]);
    const result = agentKind.configSchema.safeParse(bad);
    expect(result.error?.issues[0]).toMatchObject({ params: { position: 17 } });
    expect(
      issues(agentKind, { instructions: 'Hi {{ input', output: { fields: [{ name: 'a' }] } }),
    ).toEqual([{ path: ['instructions'], message: "'{{' at position 3 is never closed" }]);
  });

  it('reports it through validateBlueprint with the node and the path', () => {
    const blueprint = single('agent', {
      instructions: 'Hello {{ input.( }}',
      output: { fields: [{ name: 'a' }] },
    });
    expect(validateBlueprint(blueprint, registry)).toEqual([
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        nodeId: 'step',
        path: ['nodes', 2, 'handler', 'config', 'instructions'],
        message: expect.stringContaining('(template position 17)') as unknown,
      }),
    ]);
  });

  it('checks output fields: enum only on strings, unique names, at least one; retries and rules', () => {
    const output = (fields: unknown[]) => ({ instructions: 'x', output: { fields } });
    expect(issues(agentKind, output([{ name: 'team', enum: ['a', 'b'] }]))).toEqual([]);
    expect(issues(agentKind, output([{ name: 'n', type: 'number', enum: ['1'] }]))).toEqual([
      { path: ['output', 'fields', 0, 'enum'], message: 'enum is only allowed on string fields' },
    ]);
    expect(issues(agentKind, output([{ name: 'a' }, { name: 'a', type: 'boolean' }]))).toEqual([
      { path: ['output'], message: 'field names must be unique' },
    ]);
    expect(issues(agentKind, output([]))).toEqual([
      { path: ['output', 'fields'], message: 'declare at least one output field' },
    ]);
    expect(issues(agentKind, output([{ name: 'bad name' }]))[0]?.path).toEqual([
      'output',
      'fields',
      0,
      'name',
    ]);
    expect(issues(agentKind, { ...output([{ name: 'a' }]), maxRetries: 6 })[0]?.path).toEqual([
      'maxRetries',
    ]);
    expect(
      issues(agentKind, {
        ...output([{ name: 'a' }]),
        rules: [{ expression: 'input.(', output: {} }],
      })[0]?.path,
    ).toEqual(['rules', 0, 'expression']);
  });

  it('checks classify: at least two unique categories, rule outputs among them', () => {
    expect(
      issues(classifyKind, { categories: ['A', 'B'], rules: [{ keyword: 'x', output: 'A' }] }),
    ).toEqual([]);
    expect(issues(classifyKind, { categories: ['A', 'B', 'A'] })).toEqual([
      { path: ['categories'], message: 'categories must be unique' },
    ]);
    expect(issues(classifyKind, { categories: ['A'] })).toEqual([
      { path: ['categories'], message: 'give at least two categories' },
    ]);
    expect(
      issues(classifyKind, { categories: ['A', 'B'], rules: [{ keyword: 'x', output: 'Z' }] }),
    ).toEqual([
      {
        path: ['rules', 0, 'output'],
        message: "the rule's output must be one of the categories (A, B)",
      },
    ]);
  });

  it('describes both kinds in the catalog with JSON Schema forms', () => {
    const entries = catalog.entries().filter((e) => e.category === 'ai');
    expect(entries.map((e) => [e.kind, e.icon, e.nodeKind])).toEqual([
      ['agent', 'bot', 'chunk'],
      ['classify', 'tags', 'chunk'],
    ]);
    expect(entries[0]?.configJsonSchema).toMatchObject({
      type: 'object',
      required: ['instructions', 'output'],
      properties: { maxRetries: { type: 'integer', minimum: 0, maximum: 5, default: 2 } },
    });
    expect(entries[1]?.configJsonSchema).toMatchObject({ required: ['categories'] });
  });
});
