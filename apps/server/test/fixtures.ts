import {
  blueprintSchema,
  executionSnapshotSchema,
  type Blueprint,
  type ExecutionSnapshot,
} from '@triggerflow/blueprint';
import { expect } from 'vitest';
import { StorageError, type Storage, type StorageErrorCode } from '../src';

/** A clock that moves 1 ms on every read, so every row gets a distinct, predictable time. */
export function steppingClock(start = 1_700_000_000_000) {
  let current = start;
  return {
    now: () => ++current,
    peek: () => current,
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export function blueprint(name: string, steps: readonly string[] = ['work']): Blueprint {
  const ids = ['start', ...steps, 'end'];
  return blueprintSchema.parse({
    schema: 'triggerflow.blueprint/v1',
    name,
    nodes: ids.map((id, index) => ({
      id,
      kind: id === 'start' ? 'start' : id === 'end' ? 'end' : 'chunk',
      position: { x: index * 200, y: 0 },
      ...(id !== 'start' && id !== 'end' && { handler: { ref: id, config: { label: `${id} ✓` } } }),
    })),
    edges: ids.slice(1).map((id, index) => ({ id: `e${index}`, source: ids[index], target: id })),
  });
}

export function snapshot(state: Record<string, unknown>): ExecutionSnapshot {
  return executionSnapshotSchema.parse({
    kind: 'triggerflow.execution_snapshot',
    schemaVersion: 1,
    createdAt: 1_700_000_000_000,
    executionId: 'exec-1',
    flowName: 'demo',
    fingerprint: 'sha256:00',
    status: 'waiting',
    lifecycleState: 'open',
    state,
    flowData: {},
    interrupts: [],
    resumeLedger: {},
    bookkeeping: { when: {}, collect: {}, fanIn: {} },
    pending: [],
    signalSeq: 3,
    subFlowFrames: [],
    resourceKeys: ['http'],
    autoClose: false,
    autoCloseTimeoutMs: null,
    started: true,
    closeSnapshot: null,
    closeReason: null,
  });
}

export async function createFlow(storage: Storage, name = 'Flow') {
  return storage.flows.create({
    name,
    blueprint: blueprint(name),
    fingerprint: `sha256:${name}`,
    createdBy: 'user-1',
  });
}

export async function createRun(storage: Storage, input: unknown = { n: 1 }) {
  const flow = await createFlow(storage);
  return storage.runs.create({ flowId: flow.id, version: 1, input, startedBy: 'user-1' });
}

/** Awaits `promise` and checks it failed with a StorageError of `code` whose message has `text`. */
export async function expectStorageError(
  promise: Promise<unknown>,
  code: StorageErrorCode,
  text: string,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect(error).toMatchObject({ code });
  expect((error as StorageError).message).toContain(text);
}
