import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './api-harness';

/**
 * Runs with an agent step against a real local model server that never answers: cancelling the
 * run ends the model call (the connection closes), and MODEL_TIMEOUT_MS fails the step.
 */

const WAIT_MS = 10_000;

const agentFlow = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Ask the model',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'ask',
      kind: 'chunk' as const,
      position: { x: 200, y: 0 },
      handler: {
        ref: 'agent',
        config: { instructions: 'Classify.', output: { fields: [{ name: 'category' }] } },
      },
    },
    { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ask' },
    { id: 'e2', source: 'ask', target: 'end' },
  ],
};

/** A model server that holds every request open; counts them and the ones closed by the client. */
async function hangingModel() {
  const seen = { requests: 0, closed: 0 };
  const server: Server = createServer((req, res) => {
    seen.requests += 1;
    req.resume();
    res.on('close', () => (seen.closed += 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    url: `http://127.0.0.1:${port}/v1`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('model calls in runs', () => {
  let model: Awaited<ReturnType<typeof hangingModel>>;
  let api: Api;
  beforeAll(async () => {
    model = await hangingModel();
    api = await startApi({ env: { MODEL_BASE_URL: model.url, MODEL_TIMEOUT_MS: '60000' } });
  });
  afterAll(async () => {
    await api?.close();
    await model?.close();
  });

  it('cancelling the run ends the model call at once', async () => {
    const { flow } = await api.admin.flows.create.mutate({ name: 'Ask', blueprint: agentFlow });
    const run = await api.admin.runs.start.mutate({ flowId: flow.id, input: { text: 'hi' } });
    await until('the model call', () => (model.seen.requests === 1 ? true : undefined));
    const started = performance.now();
    await api.admin.runs.cancel.mutate({ id: run.id, reason: 'no longer needed' });
    await until('the model connection to close', () =>
      model.seen.closed === 1 ? true : undefined,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    const record = await until('the run to end', async () => {
      const got = await api.admin.runs.get.query({ id: run.id });
      return got.status === 'running' ? undefined : got;
    });
    expect(record.status).toBe('cancelled');
    const events = await api.admin.runs.events.query({ id: run.id });
    expect(events.map((e) => e.type)).not.toContain('node.failed');
  });
});

describe('a model server that never answers', () => {
  let model: Awaited<ReturnType<typeof hangingModel>>;
  let api: Api;
  beforeAll(async () => {
    model = await hangingModel();
    api = await startApi({ env: { MODEL_BASE_URL: model.url, MODEL_TIMEOUT_MS: '400' } });
  });
  afterAll(async () => {
    await api?.close();
    await model?.close();
  });

  it('fails the step at MODEL_TIMEOUT_MS, naming the limit, and frees the run', async () => {
    const { flow } = await api.admin.flows.create.mutate({ name: 'Ask', blueprint: agentFlow });
    const run = await api.admin.runs.start.mutate({ flowId: flow.id, input: { text: 'hi' } });
    const record = await until('the run to fail', async () => {
      const got = await api.admin.runs.get.query({ id: run.id });
      return got.status === 'running' ? undefined : got;
    });
    expect(record.status).toBe('failed');
    const events = await api.admin.runs.events.query({ id: run.id });
    const failed = events.find((e) => e.type === 'node.failed');
    expect(JSON.stringify(failed?.payload)).toContain(
      `did not answer within 400 ms (1 attempt(s))`,
    );
    expect(model.seen.closed).toBe(1);
  });
});
