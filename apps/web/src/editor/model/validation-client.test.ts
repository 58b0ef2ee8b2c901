import { describe, expect, it } from 'vitest';
import { blueprintFile } from './fixtures.test-support';
import { createValidationClient, type ValidationWorkerLike } from './validation-client';
import { createValidationHandler } from './validation-handler';
import type { ValidationRequest, ValidationResponse } from './validation-protocol';

const catalog = [
  { kind: 'start', nodeKind: 'start', configJsonSchema: {}, label: 'Start', docs: '' },
  { kind: 'end', nodeKind: 'end', configJsonSchema: {} },
  {
    kind: 'transform',
    nodeKind: 'chunk',
    configJsonSchema: {
      type: 'object',
      properties: { expression: { type: 'string', description: 'JSONata over { input, state }' } },
    },
  },
];

/** A worker that runs the real handler, answering in a later task (as a worker would). */
function fakeWorker() {
  const sent: ValidationRequest[] = [];
  const listeners: ((event: { data: ValidationResponse }) => void)[] = [];
  const failures: ((event: { message?: string }) => void)[] = [];
  const handle = createValidationHandler();
  const worker: ValidationWorkerLike = {
    postMessage(message) {
      sent.push(message);
      const response = handle(structuredClone(message));
      if (response) setTimeout(() => listeners.forEach((l) => l({ data: response })), 0);
    },
    addEventListener(type: 'message' | 'error', listener: never) {
      if (type === 'message') listeners.push(listener);
      else failures.push(listener);
    },
  };
  return { worker, sent, fail: (message: string) => failures.forEach((f) => f({ message })) };
}

describe('createValidationClient', () => {
  it('sends only what validation reads of the catalog, once, then validates', async () => {
    const { worker, sent } = fakeWorker();
    const client = createValidationClient(worker);
    await expect(client.validate(blueprintFile('v1/linear-chain.json'))).rejects.toThrow(
      'no catalog set',
    );
    client.setCatalog(catalog);
    client.setCatalog(catalog);
    const bp = blueprintFile('v1/linear-chain.json');
    const issues = await client.validate(bp);
    expect(sent.map((m) => m.type)).toEqual(['catalog', 'validate']);
    expect(sent[0]).toEqual({
      type: 'catalog',
      entries: catalog.map(({ kind, nodeKind, label }) => ({
        kind,
        nodeKind,
        ...(label !== undefined && { label }),
      })),
    });
    // linear-chain names handlers the catalog lacks: the worker's issues come back by node.
    expect(issues.errors).toBeGreaterThan(0);
    expect(issues.all.every((i) => i.code === 'HANDLER_NOT_REGISTERED')).toBe(true);
    expect(issues.nodes).toBeInstanceOf(Map);
  });

  it('answers each request with its own result', async () => {
    const { worker } = fakeWorker();
    const client = createValidationClient(worker);
    client.setCatalog(catalog);
    const ok = blueprintFile('v1/linear-chain.json');
    ok.nodes = ok.nodes.filter((n) => n.kind !== 'chunk');
    ok.edges = [];
    const [first, second] = await Promise.all([
      client.validate(blueprintFile('v1/linear-chain.json')),
      client.validate(ok),
    ]);
    expect(first.errors).toBeGreaterThan(0);
    expect(second.all.map((i) => i.code)).not.toContain('HANDLER_NOT_REGISTERED');
  });

  it('refuses waiting and later requests once the worker fails', async () => {
    const { worker, fail } = fakeWorker();
    const client = createValidationClient(worker);
    client.setCatalog(catalog);
    const pending = client.validate(blueprintFile('v1/linear-chain.json'));
    fail('could not load');
    await expect(pending).rejects.toThrow('the validation worker failed: could not load');
    await expect(client.validate(blueprintFile('v1/linear-chain.json'))).rejects.toThrow(
      'could not load',
    );
  });
});
