import { describe, expect, it } from 'vitest';
import { EngineError, settle } from '../src/index';
import type { TriggerFlowRuntimeData } from '../src/index';
import { deferred, testFlow } from './helpers';

type Data = TriggerFlowRuntimeData;

describe('state', () => {
  describe('getState', () => {
    it('returns a copy of the whole map, a key, a dot path, or the default', async () => {
      const { flow } = testFlow();
      const seen: Record<string, unknown> = {};
      flow.to(async function reads(d: Data) {
        await d.setState('count', 0);
        await d.setState('draft', { title: 'T', meta: { tags: ['a'] } });
        const whole = d.getState<Record<string, unknown>>();
        seen.whole = whole;
        whole.injected = true;
        seen.afterMutatingCopy = d.getState();
        seen.count = d.getState('count', 99);
        seen.title = d.getState('draft.title');
        seen.tags = d.getState('draft.meta.tags');
        seen.missing = d.getState('missing');
        seen.missingDefault = d.getState('missing', 'fallback');
        seen.missingPath = d.getState('draft.nope', 'fallback');
        seen.pathThroughScalar = d.getState('count.deeper', 'fallback');
      });
      const execution = flow.createExecution({ autoClose: false });
      await execution.start();
      expect(seen).toEqual({
        whole: { count: 0, draft: { title: 'T', meta: { tags: ['a'] } }, injected: true },
        afterMutatingCopy: { count: 0, draft: { title: 'T', meta: { tags: ['a'] } } },
        count: 0,
        title: 'T',
        tags: ['a'],
        missing: undefined,
        missingDefault: 'fallback',
        missingPath: 'fallback',
        pathThroughScalar: 'fallback',
      });
      expect(execution.getState('draft.title')).toBe('T');
      expect(await execution.close()).toEqual({
        count: 0,
        draft: { title: 'T', meta: { tags: ['a'] } },
      });
    });

    it('treats keys named like Object.prototype members as missing', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function reads(d: Data) {
        await d.setState('draft', { title: 'T' });
        seen.push(d.getState('constructor', 'fallback'));
        seen.push(d.getState('toString', 'fallback'));
        seen.push(d.getState('draft.hasOwnProperty', 'fallback'));
        seen.push(d.getFlowData('constructor', 'fallback', { noWarning: true }));
      });
      await flow.start();
      expect(seen).toEqual(['fallback', 'fallback', 'fallback', 'fallback']);
      expect(flow.getFlowData('valueOf', 'fallback')).toBe('fallback');
    });
  });

  describe('setState', () => {
    it('replaces lists, objects and with empty collections (no merging)', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function writes(d: Data) {
        await d.setState('list', [1, 2, 3]);
        await d.setState('list', [4]);
        await d.setState('obj', { a: 1, b: 2 });
        await d.setState('obj', { c: 3 });
        seen.push(d.getState());
        await d.setState('list', []);
        await d.setState('obj', {});
        await d.setState('scalar', 'x');
        await d.setState('scalar', null);
      });
      const snapshot = await flow.start();
      expect(seen).toEqual([{ list: [4], obj: { c: 3 } }]);
      expect(snapshot).toEqual({ list: [], obj: {}, scalar: null });
    });

    it('on a dot path replaces just that sub-key, creating missing parents', async () => {
      const { flow } = testFlow();
      flow.to(async function writes(d: Data) {
        await d.setState('draft', { title: 'T', facts: [1, 2], meta: { v: 1 } });
        await d.setState('draft.facts', [3]);
        await d.setState('draft.meta.v', 2);
        await d.setState('fresh.nested.key', 'new');
      });
      expect(await flow.start()).toEqual({
        draft: { title: 'T', facts: [3], meta: { v: 2 } },
        fresh: { nested: { key: 'new' } },
      });
    });
  });

  describe('appendState', () => {
    it('starts a list for a missing key and appends to an existing list', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function appends(d: Data) {
        await d.appendState('log', 'a');
        seen.push(d.getState('log'));
        await d.appendState('log', 'b');
        await d.appendState('log', ['c']);
        await d.setState('existing', [1]);
        await d.appendState('existing', 2);
      });
      const snapshot = await flow.start();
      expect(seen).toEqual([['a']]);
      expect(snapshot).toEqual({ log: ['a', 'b', ['c']], existing: [1, 2] });
    });
  });

  describe('delState', () => {
    it('is a no-op for a missing key (and does not notify listeners)', async () => {
      const { flow } = testFlow();
      const fired: unknown[] = [];
      flow.when({ runtimeData: 'ghost' }).to(function onGhost(d: Data) {
        fired.push(d.input);
      });
      flow.to(async function deletes(d: Data) {
        await d.setState('kept', 1);
        await d.delState('ghost');
        await d.delState('kept.child');
      });
      expect(await flow.start()).toEqual({ kept: 1 });
      expect(fired).toEqual([]);
    });

    it('deletes keys holding falsy values (0, false, empty string, null) and dot-path sub-keys', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function deletes(d: Data) {
        await d.setState('zero', 0);
        await d.setState('no', false);
        await d.setState('empty', '');
        await d.setState('nothing', null);
        await d.setState('draft', { keep: 1, drop: 0 });
        seen.push(Object.keys(d.getState<Record<string, unknown>>()).sort());
        await d.delState('zero');
        await d.delState('no');
        await d.delState('empty');
        await d.delState('nothing');
        await d.delState('draft.drop');
        seen.push(d.getState('zero', 'gone'));
      });
      const snapshot = await flow.start();
      expect(seen).toEqual([['draft', 'empty', 'no', 'nothing', 'zero'], 'gone']);
      expect(snapshot).toEqual({ draft: { keep: 1 } });
    });
  });

  describe('runtimeData triggers', () => {
    it('fires when({ runtimeData }) with the new value, and the write awaits the listener', async () => {
      const { flow } = testFlow();
      const gate = deferred();
      const order: unknown[] = [];
      flow.when({ runtimeData: 'score' }).to(async function onScore(d: Data) {
        order.push(['listener', d.input, d.type, d.event]);
        await gate.promise;
        order.push('listener done');
      });
      flow.to(async function writer(d: Data) {
        await d.setState('score', 42);
        order.push('write returned');
      });
      const execution = flow.createExecution({ autoClose: false });
      let finished = false;
      const started = execution.start().then(() => {
        finished = true;
      });
      await settle();
      expect(order).toEqual([['listener', 42, 'runtimeData', 'score']]);
      expect(finished).toBe(false);
      gate.resolve();
      await started;
      expect(order).toEqual([
        ['listener', 42, 'runtimeData', 'score'],
        'listener done',
        'write returned',
      ]);
      expect(await execution.close()).toEqual({ score: 42 });
    });

    it('fires on appendState with the new list, and a chain can follow the listener', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow
        .when({ runtimeData: 'log' })
        .to(function onLog(d: Data) {
          return (d.input as unknown[]).length;
        })
        .to(function afterOnLog(d: Data) {
          seen.push(d.input);
        });
      flow.to(async function writer(d: Data) {
        await d.appendState('log', 'a');
        await d.appendState('log', 'b');
      });
      expect(await flow.start()).toEqual({ log: ['a', 'b'] });
      expect(seen).toEqual([1, 2]);
    });

    it('does not fire with { emit: false }', async () => {
      const { flow } = testFlow();
      const fired: unknown[] = [];
      flow.when({ runtimeData: 'k' }).to(function onK(d: Data) {
        fired.push(d.input);
      });
      flow.to(async function writer(d: Data) {
        await d.setState('k', 1, { emit: false });
        await d.appendState('k', 2, { emit: false });
        await d.delState('k', { emit: false });
        await d.setState('k', 'loud');
      });
      expect(await flow.start()).toEqual({ k: 'loud' });
      expect(fired).toEqual(['loud']);
    });
  });

  describe('flow data', () => {
    it('is shared by two executions of the same flow and is not in the close snapshot', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function shared(d: Data) {
        const before = d.getFlowData<number>('counter', 0, { noWarning: true });
        seen.push(before);
        await d.setFlowData('counter', before + (d.input as number), { noWarning: true });
        await d.setState('mine', d.input);
      });
      const first = flow.createExecution({ autoClose: false });
      const second = flow.createExecution({ autoClose: false });
      await first.start(1);
      await second.start(10);
      expect(seen).toEqual([0, 1]);
      expect(flow.getFlowData('counter')).toBe(11);
      expect(flow.getFlowData()).toEqual({ counter: 11 });
      expect(await first.close()).toEqual({ mine: 1 });
      expect(await second.close()).toEqual({ mine: 10 });
    });

    it('warns FLOW_DATA_SHARED on every call unless { noWarning: true }', async () => {
      const { flow, warnings } = testFlow();
      const seen: unknown[] = [];
      flow.to(async function useShared(d: Data) {
        await d.setFlowData('n', 1);
        await d.appendFlowData('list', 'a');
        seen.push(d.getFlowData('n'));
        await d.delFlowData('n');
        seen.push(d.getFlowData('n', 'gone', { noWarning: true }));
        await d.setFlowData('m', 2, { noWarning: true });
        await d.appendFlowData('list', 'b', { noWarning: true });
        await d.delFlowData('m', { noWarning: true });
      });
      await flow.start();
      expect(warnings.map((w) => w.code)).toEqual([
        'FLOW_DATA_SHARED',
        'FLOW_DATA_SHARED',
        'FLOW_DATA_SHARED',
        'FLOW_DATA_SHARED',
      ]);
      expect(seen).toEqual([1, 'gone']);
      expect(flow.getFlowData()).toEqual({ list: ['a', 'b'] });
    });

    it('setFlowData fires flowData listeners in every live listening execution, not in closed ones', async () => {
      const { flow } = testFlow();
      const heard: string[] = [];
      // Created before the listener existed: it does not listen.
      const early = flow.createExecution({ autoClose: false });
      flow.when({ flowData: 'mode' }).to(function onMode(d: Data) {
        heard.push(`${d.executionId}:${String(d.input)}:${d.type}`);
      });
      flow.to(async function writer(d: Data) {
        await d.setFlowData('mode', d.input, { noWarning: true });
        heard.push(`${d.executionId}:write returned`);
      });
      const writerExecution = flow.createExecution({ autoClose: false }); // exec-2
      const idle = flow.createExecution({ autoClose: false }); // exec-3, never started
      const closed = flow.createExecution({ autoClose: false }); // exec-4
      await closed.close();

      await writerExecution.start('fast');
      expect(heard.slice(0, 2).sort()).toEqual(['exec-2:fast:flowData', 'exec-3:fast:flowData']);
      expect(heard).toHaveLength(3);
      expect(heard[2]).toBe('exec-2:write returned');

      heard.length = 0;
      await flow.setFlowData('mode', 'slow');
      expect(heard.sort()).toEqual(['exec-2:slow:flowData', 'exec-3:slow:flowData']);

      heard.length = 0;
      await idle.close();
      await flow.setFlowData('mode', 'off');
      expect(heard).toEqual(['exec-2:off:flowData']);
      await Promise.all([early.close(), writerExecution.close()]);
    });
  });

  describe('runtime resources', () => {
    it('reads flow-scope resources (setRuntimeResource, updateRuntimeResources)', async () => {
      const { flow } = testFlow();
      const client = { kind: 'client' };
      flow.setRuntimeResource('client', client);
      flow.updateRuntimeResources({ logger: 'log', limit: 3 });
      const seen: unknown[] = [];
      flow.to(function uses(d: Data) {
        seen.push(d.requireResource('client'));
        seen.push(d.getResource('logger'));
        seen.push(d.requireResource<number>('limit'));
        seen.push({ ...d.resources });
      });
      await flow.start();
      expect(seen[0]).toBe(client);
      expect(seen.slice(1)).toEqual(['log', 3, { client, limit: 3, logger: 'log' }]);
    });

    it('execution scope (createExecution({ runtimeResources })) shadows flow scope', async () => {
      const { flow } = testFlow();
      flow.updateRuntimeResources({ client: 'flow-client', shared: 'flow-shared' });
      const seen: unknown[] = [];
      flow.to(function uses(d: Data) {
        seen.push([
          d.executionId,
          d.requireResource('client'),
          d.getResource('shared'),
          d.getResource('own'),
        ]);
      });
      const own = flow.createExecution({
        autoClose: false,
        runtimeResources: { client: 'exec-client', own: 'mine' },
      });
      const plain = flow.createExecution({ autoClose: false });
      await own.start();
      await plain.start();
      expect(seen).toEqual([
        ['exec-1', 'exec-client', 'flow-shared', 'mine'],
        ['exec-2', 'flow-client', 'flow-shared', undefined],
      ]);
      await Promise.all([own.close(), plain.close()]);
    });

    it('requireResource on a missing key throws RESOURCE_MISSING listing the sorted available keys', async () => {
      const { flow } = testFlow();
      flow.setRuntimeResource('b', 2);
      const caught: unknown[] = [];
      flow.to(function needs(d: Data) {
        try {
          d.requireResource('x');
        } catch (error) {
          caught.push(error);
        }
      });
      const execution = flow.createExecution({ autoClose: false, runtimeResources: { a: 1 } });
      await execution.start();
      expect(caught).toHaveLength(1);
      expect(caught[0]).toBeInstanceOf(EngineError);
      expect(caught[0]).toMatchObject({
        code: 'RESOURCE_MISSING',
        message:
          "Execution exec-1 missing required runtime resource 'x'. Available resources: ['a', 'b']",
      });
      await execution.close();
    });

    it('a RESOURCE_MISSING thrown by a chunk fails the run', async () => {
      const { flow } = testFlow();
      flow.to(function needs(d: Data) {
        return d.requireResource('db');
      });
      const execution = flow.createExecution({ autoClose: false });
      const error = await execution.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EngineError);
      expect(error).toMatchObject({
        code: 'RESOURCE_MISSING',
        message: "Execution exec-1 missing required runtime resource 'db'. Available resources: []",
      });
      expect(execution.status).toBe('failed');
      await execution.close();
    });

    it('getResource returns the default; setResource/delResource change this execution only', async () => {
      const { flow } = testFlow();
      const seen: unknown[] = [];
      flow
        .to(function first(d: Data) {
          seen.push(d.getResource('cache', 'default-cache'));
          seen.push(d.getResource('cache'));
          d.setResource('cache', new Map([['k', 'v']]));
          d.setResource('temp', 'temporary');
          return null;
        })
        .to(function second(d: Data) {
          seen.push(d.getResource<Map<string, string>>('cache').get('k'));
          seen.push(d.requireResource('temp'));
          d.delResource('temp');
          seen.push(d.getResource('temp', 'deleted'));
          seen.push(Object.keys(d.resources));
        });
      const one = flow.createExecution({ autoClose: false });
      await one.start();
      expect(seen).toEqual(['default-cache', undefined, 'v', 'temporary', 'deleted', ['cache']]);

      seen.length = 0;
      const two = flow.createExecution({ autoClose: false });
      await two.start();
      // The other execution's resources did not leak.
      expect(seen[0]).toBe('default-cache');
      await Promise.all([one.close(), two.close()]);
    });
  });

  it('the close snapshot contains only state (no flow data, no resources)', async () => {
    const { flow } = testFlow();
    flow.setRuntimeResource('flowRes', { live: true });
    flow.to(async function writes(d: Data) {
      await d.setState('answer', 42);
      await d.appendState('items', 'x');
      await d.setFlowData('shared', 'yes', { noWarning: true });
      d.setResource('execRes', { live: true });
    });
    const execution = flow.createExecution({
      autoClose: false,
      runtimeResources: { ctorRes: 1 },
    });
    await execution.start();
    const snapshot = await execution.close();
    expect(snapshot).toEqual({ answer: 42, items: ['x'] });
    expect(Object.keys(snapshot).sort()).toEqual(['answer', 'items']);
    expect(execution.getState()).toEqual({ answer: 42, items: ['x'] });
    expect(flow.getFlowData('shared')).toBe('yes');
  });
});
