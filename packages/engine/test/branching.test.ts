import { describe, expect, it } from 'vitest';
import { EngineError, settle } from '../src/index';
import type { CloseSnapshot, TriggerFlow, TriggerFlowRuntimeData } from '../src/index';
import { deferred, testFlow, thrown } from './helpers';

type Data = TriggerFlowRuntimeData;

/** Runs one execution of `flow` with `input` and returns its close snapshot. */
async function run(flow: TriggerFlow, input: unknown): Promise<CloseSnapshot> {
  const execution = flow.createExecution({ autoClose: false });
  await execution.start(input);
  return execution.close();
}

async function record(d: Data): Promise<void> {
  await d.setState('result', d.input);
}

describe('match (hitFirst)', () => {
  it('matches literal cases by deep equality, with caseElse for the rest', async () => {
    const { flow } = testFlow();
    flow
      .match()
      .case({ kind: 'a', n: 1 })
      .to(function objectCase() {
        return 'object';
      })
      .case([1, 2])
      .to(function arrayCase() {
        return 'array';
      })
      .case(1)
      .to(function numberCase() {
        return 'number';
      })
      .caseElse()
      .to(function otherwise(d: Data) {
        return `else ${JSON.stringify(d.input)}`;
      })
      .endMatch()
      .to(record);

    expect(await run(flow, { kind: 'a', n: 1 })).toEqual({ result: 'object' });
    expect(await run(flow, { n: 1, kind: 'a' })).toEqual({ result: 'object' });
    expect(await run(flow, [1, 2])).toEqual({ result: 'array' });
    expect(await run(flow, 1)).toEqual({ result: 'number' });
    expect(await run(flow, { kind: 'a', n: 2 })).toEqual({ result: 'else {"kind":"a","n":2}' });
    expect(await run(flow, { kind: 'a', n: 1, extra: true })).toEqual({
      result: 'else {"kind":"a","n":1,"extra":true}',
    });
    expect(await run(flow, [2, 1])).toEqual({ result: 'else [2,1]' });
    expect(await run(flow, '1')).toEqual({ result: 'else "1"' });
  });

  it('matches a predicate only when it returns exactly true', async () => {
    const { flow } = testFlow();
    const seen: unknown[] = [];
    flow
      .match()
      .case(function returnsOne(d: Data) {
        seen.push(d.input);
        return 1;
      })
      .to(function one() {
        return 'one';
      })
      .case(function returnsYes() {
        return 'yes';
      })
      .to(function yes() {
        return 'yes';
      })
      .case(function returnsObject() {
        return {};
      })
      .to(function object() {
        return 'object';
      })
      .case(function isGo(d: Data) {
        return d.input === 'go';
      })
      .to(function exactlyTrue() {
        return 'true';
      })
      .endMatch()
      .to(record);

    expect(await run(flow, 'go')).toEqual({ result: 'true' });
    expect(seen).toEqual(['go']);
    // No predicate returned true: the value passes through.
    expect(await run(flow, 'stop')).toEqual({ result: 'stop' });
  });

  it('takes the first matching case in declaration order only', async () => {
    const { flow } = testFlow();
    const ran: string[] = [];
    flow
      .match()
      .case((d: Data) => (d.input as number) > 10)
      .to(function overTen() {
        ran.push('overTen');
        return 'over ten';
      })
      .case((d: Data) => (d.input as number) > 0)
      .to(function positive() {
        ran.push('positive');
        return 'positive';
      })
      .case(50)
      .to(function fifty() {
        ran.push('fifty');
        return 'fifty';
      })
      .endMatch()
      .to(record);

    expect(await run(flow, 50)).toEqual({ result: 'over ten' });
    expect(ran).toEqual(['overTen']);
    expect(await run(flow, 5)).toEqual({ result: 'positive' });
    expect(ran).toEqual(['overTen', 'positive']);
  });

  it('passes the original value to the step after endMatch when nothing matches and there is no else', async () => {
    const { flow } = testFlow();
    const ran: string[] = [];
    flow
      .to(function prepare(d: Data) {
        return { wrapped: d.input };
      })
      .match()
      .case({ wrapped: 'a' })
      .to(function caseA() {
        ran.push('caseA');
        return 'A';
      })
      .endMatch()
      .to(record);

    expect(await run(flow, 'z')).toEqual({ result: { wrapped: 'z' } });
    expect(ran).toEqual([]);
    expect(await run(flow, 'a')).toEqual({ result: 'A' });
    expect(ran).toEqual(['caseA']);
  });

  it("gives the chosen branch's last return to the step after endMatch", async () => {
    const { flow } = testFlow();
    flow
      .match()
      .case('long')
      .to(function first(d: Data) {
        return `${String(d.input)}>first`;
      })
      .to(async function second(d: Data) {
        await settle();
        return `${String(d.input)}>second`;
      })
      .to(function third(d: Data) {
        return `${String(d.input)}>third`;
      })
      .caseElse()
      .to(function short(d: Data) {
        return `${String(d.input)}>short`;
      })
      .endMatch()
      .to(function after(d: Data) {
        return `${String(d.input)}>after`;
      })
      .to(record);

    expect(await run(flow, 'long')).toEqual({ result: 'long>first>second>third>after' });
    expect(await run(flow, 'x')).toEqual({ result: 'x>short>after' });
  });

  it('treats a case without a step as a dead end: nothing after endMatch runs for it', async () => {
    const { flow } = testFlow();
    const ran: string[] = [];
    flow
      .match()
      .case('dead')
      .case((d: Data) => typeof d.input === 'string' && d.input.startsWith('d'))
      .to(function live(d: Data) {
        ran.push(`live ${String(d.input)}`);
        return 'LIVE';
      })
      .endMatch()
      .to(function after(d: Data) {
        ran.push(`after ${String(d.input)}`);
      });

    const execution = flow.createExecution({ autoClose: false });
    await execution.start('dead');
    expect(ran).toEqual([]);
    expect(await execution.close()).toEqual({});
    expect(execution.status).toBe('completed');

    await run(flow, 'done');
    expect(ran).toEqual(['live done', 'after LIVE']);
    await run(flow, 'other');
    expect(ran).toEqual(['live done', 'after LIVE', 'after other']);
  });
});

describe('match (hitAll)', () => {
  it('runs every matching case and emits their results in case order', async () => {
    const { flow } = testFlow();
    const evenGate = deferred();
    const ran: string[] = [];
    flow
      .match({ mode: 'hitAll' })
      .case((d: Data) => (d.input as number) % 2 === 0)
      .to(async function even(d: Data) {
        ran.push('even');
        if (d.input === 6) await evenGate.promise;
        return `even ${String(d.input)}`;
      })
      .case((d: Data) => (d.input as number) % 3 === 0)
      .to(function three(d: Data) {
        ran.push('three');
        return `three ${String(d.input)}`;
      })
      .case((d: Data) => (d.input as number) > 100)
      .to(function big() {
        ran.push('big');
        return 'big';
      })
      .endMatch()
      .to(record);

    // The first case finishes last; the list is still in case order.
    const execution = flow.createExecution({ autoClose: false });
    const starting = execution.start(6);
    await settle();
    expect(ran).toEqual(['even', 'three']);
    expect(execution.getState('result')).toBeUndefined();
    evenGate.resolve();
    await starting;
    expect(await execution.close()).toEqual({ result: ['even 6', 'three 6'] });

    expect(await run(flow, 204)).toEqual({ result: ['even 204', 'three 204', 'big'] });
    expect(await run(flow, 9)).toEqual({ result: ['three 9'] });
  });
});

describe('ifCondition', () => {
  it('routes through if / elif / else and continues after endCondition', async () => {
    const { flow } = testFlow();
    flow
      .ifCondition((d: Data) => (d.input as number) < 0)
      .to(function negative() {
        return 'negative';
      })
      .elifCondition(0)
      .to(function zero() {
        return 'zero';
      })
      .elseCondition()
      .to(function positive() {
        return 'positive';
      })
      .endCondition()
      .to(function after(d: Data) {
        return `${String(d.input)}!`;
      })
      .to(record);

    expect(await run(flow, -5)).toEqual({ result: 'negative!' });
    expect(await run(flow, 0)).toEqual({ result: 'zero!' });
    expect(await run(flow, 5)).toEqual({ result: 'positive!' });
  });

  it('passes the value through when the condition fails and there is no else', async () => {
    const { flow } = testFlow();
    flow
      .ifCondition('yes')
      .to(function taken() {
        return 'taken';
      })
      .endCondition()
      .to(record);
    expect(await run(flow, 'yes')).toEqual({ result: 'taken' });
    expect(await run(flow, 'no')).toEqual({ result: 'no' });
  });
});

describe('match nesting', () => {
  it('runs a match nested inside a case', async () => {
    const { flow } = testFlow();
    flow
      .match()
      .case((d: Data) => typeof d.input === 'number')
      .match()
      .case((d: Data) => (d.input as number) > 0)
      .to(function positive(d: Data) {
        return `positive ${String(d.input)}`;
      })
      .caseElse()
      .to(function nonPositive(d: Data) {
        return `non-positive ${String(d.input)}`;
      })
      .endMatch()
      .to(function numberDone(d: Data) {
        return `number: ${String(d.input)}`;
      })
      .caseElse()
      .to(function notNumber(d: Data) {
        return `other: ${String(d.input)}`;
      })
      .endMatch()
      .to(record);

    expect(await run(flow, 5)).toEqual({ result: 'number: positive 5' });
    expect(await run(flow, -1)).toEqual({ result: 'number: non-positive -1' });
    expect(await run(flow, 'x')).toEqual({ result: 'other: x' });
  });

  it('runs a match for every forEach item and keeps the results in input order', async () => {
    const { flow } = testFlow();
    const twoGate = deferred();
    flow
      .forEach()
      .match()
      .case((d: Data) => (d.input as number) % 2 === 0)
      .to(async function evenItem(d: Data) {
        if (d.input === 2) await twoGate.promise;
        return `even ${String(d.input)}`;
      })
      .case(3)
      .to(function threeItem() {
        return 'three';
      })
      .endMatch()
      .endForEach()
      .to(record);

    const execution = flow.createExecution({ autoClose: false });
    const starting = execution.start([1, 2, 3, 4]);
    await settle();
    expect(execution.getState('result')).toBeUndefined();
    twoGate.resolve();
    await starting;
    // 1 matches nothing and passes through inside its item.
    expect(await execution.close()).toEqual({ result: [1, 'even 2', 'three', 'even 4'] });
  });
});

describe('match structure errors', () => {
  it.each<[string, (flow: TriggerFlow) => unknown, string]>([
    [
      'caseElse() before any case()',
      (flow) => flow.match().caseElse(),
      'caseElse() before any case().',
    ],
    [
      'case() without match()',
      (flow) => flow.to(function step() {}).case(1),
      'case() without match().',
    ],
    [
      'endMatch() without match()',
      (flow) => flow.to(function step() {}).endMatch(),
      'endMatch() without match().',
    ],
    [
      'to() right after match()',
      (flow) => flow.match().to(function step() {}),
      'to() right after match(): start a branch with case(...) first.',
    ],
  ])('%s is INVALID_FLOW_STRUCTURE', (_label, build, message) => {
    const { flow } = testFlow();
    const error = thrown(() => build(flow));
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'INVALID_FLOW_STRUCTURE', message });
  });
});
