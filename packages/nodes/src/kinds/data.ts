import { z } from 'zod';
import { compileExpression } from '../expression';
import { defineKind, expressionString, scope } from '../kind';

const evaluate = (source: string, data: Parameters<typeof scope>[0]) =>
  compileExpression(source).evaluate(scope(data));

export const transformKind = defineKind({
  kind: 'transform',
  label: 'Transform',
  icon: 'wand-2',
  category: 'data',
  summary: 'Compute a new value with a JSONata expression.',
  input: 'Any value.',
  output: 'The expression’s result.',
  docs:
    'Evaluates `expression` (JSONata) over `{ input, state }` and passes the result on. ' +
    'Example: `{ "total": $sum(input.items.price) }`. Expressions run with a 1 s time limit and a ' +
    'depth limit; a syntax error is reported on the node with its position.',
  configSchema: z.object({
    expression: expressionString('JSONata over { input, state }'),
  }),
  run: (data, config) => evaluate(config.expression, data),
});

const statePath = z
  .string()
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a state key or dot path such as draft.title')
  .describe('State key (dot paths allowed)');

export const setStateKind = defineKind({
  kind: 'setState',
  label: 'Set state',
  icon: 'database',
  category: 'data',
  summary: 'Write a state key from an expression.',
  input: 'Any value (passed on unchanged).',
  output: 'The input.',
  docs:
    'Writes `key` (dot paths replace just that sub-key) with the value of `value` (JSONata over ' +
    '`{ input, state }`; default `input`). Listeners of that key (`when` on runtime data) run. ' +
    'With `append: true` the value is appended to the list at `key`.',
  configSchema: z.object({
    key: statePath,
    value: expressionString('JSONata over { input, state }').default('input'),
    append: z.boolean().default(false),
  }),
  async run(data, config) {
    const value = await evaluate(config.value, data);
    if (config.append) await data.appendState(config.key, value);
    else await data.setState(config.key, value);
    return data.input;
  },
});

export const getStateKind = defineKind({
  kind: 'getState',
  label: 'Get state',
  icon: 'database-zap',
  category: 'data',
  summary: 'Read a state key.',
  input: 'Ignored.',
  output: 'The value at `key`, or `default`.',
  docs: 'Reads `key` (dot paths allowed) from the execution state; `default` when it is missing.',
  configSchema: z.object({
    key: statePath,
    default: z.unknown().optional().describe('Value when the key is missing'),
  }),
  run: (data, config) => data.getState(config.key, config.default),
});

export const emitToStreamKind = defineKind({
  kind: 'emitToStream',
  label: 'Stream item',
  icon: 'radio',
  category: 'events',
  summary: 'Push an item into the run’s live stream.',
  input: 'Any value (passed on unchanged).',
  output: 'The input.',
  docs:
    'Evaluates `item` (JSONata over `{ input, state }`) and puts it into the runtime stream, which ' +
    'the studio shows live in the run’s log.',
  configSchema: z.object({ item: expressionString('JSONata over { input, state }') }),
  async run(data, config) {
    data.putIntoStream(await evaluate(config.item, data));
    return data.input;
  },
});

export const emitEventKind = defineKind({
  kind: 'emitEvent',
  label: 'Emit event',
  icon: 'send',
  category: 'events',
  summary: 'Emit an event that `when` nodes listen to.',
  input: 'Any value (passed on unchanged).',
  output: 'The input.',
  docs:
    'Emits `event` with the value of `value` (JSONata, default `input`). With `wait: true` the step ' +
    'waits until every listener finished; otherwise the listeners run in the background.',
  configSchema: z.object({
    event: z.string().min(1).describe('Event name'),
    value: expressionString('JSONata over { input, state }').default('input'),
    wait: z.boolean().default(true),
  }),
  async run(data, config) {
    const value = await evaluate(config.value, data);
    if (config.wait) await data.emit(config.event, value);
    else data.emitNowait(config.event, value);
    return data.input;
  },
});

export const delayKind = defineKind({
  kind: 'delay',
  label: 'Delay',
  icon: 'timer',
  category: 'flow',
  summary: 'Wait, then pass the input on.',
  input: 'Any value (passed on unchanged).',
  output: 'The input.',
  docs:
    'Waits `ms` milliseconds on the engine’s clock (simulated in tests). For waits that must ' +
    'survive a restart, use an approval with a timeout instead.',
  configSchema: z.object({ ms: z.number().int().min(0).max(86_400_000).describe('Milliseconds') }),
  async run(data, config) {
    await data.sleep(config.ms);
    return data.input;
  },
});

export const dataKinds = [
  transformKind,
  setStateKind,
  getStateKind,
  emitToStreamKind,
  emitEventKind,
  delayKind,
] as const;
