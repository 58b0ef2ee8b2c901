import { describe, expect, it } from 'vitest';
import { EngineError, TriggerFlow, type TriggerFlowRuntimeData } from '../src/index';

type Data = TriggerFlowRuntimeData;

function chain() {
  const calls: string[] = [];
  const flow = new TriggerFlow({ name: 'chain', onWarning: () => undefined });
  flow
    .to(function first(d: Data) {
      calls.push(`first:${String(d.input)}`);
      return (d.input as number) + 1;
    })
    .to(async function second(d: Data) {
      calls.push(`second:${String(d.input)}`);
      await d.setState('seen', [...d.getState<number[]>('seen', []), d.input as number]);
      return (d.input as number) * 10;
    })
    .forEach({ concurrency: 2 })
    .to(function item(d: Data) {
      calls.push(`item:${String(d.input)}`);
      return d.input;
    })
    .endForEach()
    .to(async function last(d: Data) {
      calls.push(`last:${JSON.stringify(d.input)}`);
      await d.setState('result', d.input);
    });
  return { flow, calls };
}

describe('startAt', () => {
  it('runs from a chunk with the given input and state, skipping the steps before it', async () => {
    const { flow, calls } = chain();
    const execution = flow.createExecution({ autoClose: false });
    await execution.startAt('second', 4, { state: { seen: [1] } });
    expect(calls).toEqual(['second:4', 'item:40', 'last:[40]']);
    expect(await execution.close()).toEqual({ seen: [1, 4], result: [40] });
  });

  it('runs from a structural node (a forEach) by its id', async () => {
    const { flow, calls } = chain();
    const forEach = flow.toBlueprint().nodes.find((n) => n.kind === 'forEach');
    const execution = flow.createExecution({ autoClose: false });
    expect(execution.hasNode(forEach?.id ?? '')).toBe(true);
    await execution.startAt(forEach?.id ?? '', [7, 8]);
    expect(calls).toEqual(['item:7', 'item:8', 'last:[7,8]']);
    expect(await execution.close()).toEqual({ result: [7, 8] });
  });

  it('copies the state it is given', async () => {
    const { flow } = chain();
    const state = { seen: [1] };
    const execution = flow.createExecution({ autoClose: false });
    await execution.startAt('second', 2, { state });
    expect(state).toEqual({ seen: [1] });
  });

  it('refuses an unknown node and a started execution', async () => {
    const { flow } = chain();
    const execution = flow.createExecution({ autoClose: false });
    expect(execution.hasNode('nope')).toBe(false);
    const unknown = await execution.startAt('nope', 1).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(EngineError);
    expect((unknown as EngineError).code).toBe('CHUNK_NOT_FOUND');
    expect((unknown as EngineError).message).toBe("Flow 'chain' has no node 'nope' to start at.");
    await execution.start(1);
    const again = await execution.startAt('second', 1).catch((e: unknown) => e);
    expect((again as EngineError).code).toBe('EXECUTION_NOT_OPEN');
  });
});
