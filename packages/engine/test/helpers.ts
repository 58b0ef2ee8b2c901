import { expect } from 'vitest';
import {
  EngineError,
  ManualClock,
  TriggerFlow,
  type TriggerFlowOptions,
  type TriggerFlowRuntimeData,
  type TriggerFlowWarning,
} from '../src/index';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A promise a test settles by hand: the way to hold a step open without sleeping. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A flow on a manual clock that records its warnings instead of printing them. */
export function testFlow(options: TriggerFlowOptions = {}): {
  flow: TriggerFlow;
  clock: ManualClock;
  warnings: TriggerFlowWarning[];
} {
  const clock = new ManualClock();
  const warnings: TriggerFlowWarning[] = [];
  let next = 0;
  const flow = new TriggerFlow({
    name: 'test',
    clock,
    idGenerator: () => `exec-${(next += 1)}`,
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { flow, clock, warnings };
}

/** Collects every item of an async iterable. */
export async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export interface Tracked<T> {
  state: 'pending' | 'fulfilled' | 'rejected';
  /** `state !== 'pending'`. */
  settled: boolean;
  value: T | undefined;
  error: unknown;
}

/**
 * Watches a promise without awaiting it, so a test can assert that it has not settled yet: a
 * deadlock shows up as 'pending', not as a hung test.
 */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked: Tracked<T> = {
    state: 'pending',
    settled: false,
    value: undefined,
    error: undefined,
  };
  void promise.then(
    (value) => {
      tracked.state = 'fulfilled';
      tracked.settled = true;
      tracked.value = value;
    },
    (error: unknown) => {
      tracked.state = 'rejected';
      tracked.settled = true;
      tracked.error = error;
    },
  );
  return tracked;
}

/** The codes of the warnings a flow recorded, in order. */
export const warningCodes = (warnings: readonly TriggerFlowWarning[]): string[] =>
  warnings.map((w) => w.code);

/** The error `promise` rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The error `fn` throws synchronously (fails the test when it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/**
 * Checks that `error` is an EngineError with `code`, and, when given, with exactly `message` or a
 * message that contains `{ contains }`.
 */
export function expectEngineError(
  error: unknown,
  code: string,
  message?: string | { contains: string },
): void {
  expect(error).toBeInstanceOf(EngineError);
  expect(error).toMatchObject({ name: 'EngineError', code });
  if (typeof message === 'string') expect((error as EngineError).message).toBe(message);
  else if (message !== undefined)
    expect((error as EngineError).message).toContain(message.contains);
}

/** The last step of many flows in these tests: keeps its input in state under `result`. */
export async function keep(d: TriggerFlowRuntimeData): Promise<void> {
  await d.setState('result', d.input);
}

/** The id of the first operator of `kind` (and, when given, `name`) in `flow`. */
export function operatorId(flow: TriggerFlow, kind: string, name?: string): string {
  const found = flow.operators.find(
    (o) => o.kind === kind && (name === undefined || o.options.name === name),
  );
  if (!found) throw new Error(`no ${kind} operator ${name ?? ''}`);
  return found.id;
}
