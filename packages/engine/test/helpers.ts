import {
  ManualClock,
  TriggerFlow,
  type TriggerFlowOptions,
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
