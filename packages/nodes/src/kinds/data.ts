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
  form: [
    {
      key: 'expression',
      label: 'Expression',
      widget: 'expression',
      syntax: 'jsonata',
      rows: 4,
      help: 'JSONata over input (what this step receives) and state. Its result goes on.',
      placeholder: "{ 'total': $sum(input.items.price) }",
      result: 'What this step passes on',
    },
  ],
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
  form: [
    {
      key: 'key',
      label: 'State key',
      widget: 'text',
      placeholder: 'request',
      help: 'A name such as request, or a dot path such as draft.title.',
      suggest: 'stateKeys',
    },
    {
      key: 'value',
      label: 'Value',
      widget: 'expression',
      syntax: 'jsonata',
      help: 'JSONata; "input" stores what this step receives.',
      result: 'What is stored',
    },
    {
      key: 'append',
      label: 'Add to a list instead of replacing',
      widget: 'toggle',
      help: 'The value is appended to the list stored under the key.',
    },
  ],
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
  form: [
    {
      key: 'key',
      label: 'State key',
      widget: 'text',
      placeholder: 'request',
      help: 'A name such as request, or a dot path such as draft.title.',
      suggest: 'stateKeys',
    },
    {
      key: 'default',
      label: 'When nothing is stored',
      widget: 'json',
      help: 'The value passed on when the key holds nothing (empty: nothing).',
      placeholder: 'null',
    },
  ],
  configSchema: z.object({
    key: statePath,
    default: z.unknown().optional().describe('Value when the key is missing'),
  }),
  run: (data, config) => data.getState(config.key, config.default),
});

export const emitToStreamKind = defineKind({
  kind: 'emitToStream',
  label: 'Send to stream',
  icon: 'radio',
  category: 'events',
  summary: 'Push an item into the run’s live stream.',
  input: 'Any value (passed on unchanged).',
  output: 'The input.',
  docs:
    'Evaluates `item` (JSONata over `{ input, state }`) and puts it into the runtime stream, which ' +
    'the studio shows live in the run’s log.',
  form: [
    {
      key: 'item',
      label: 'Item',
      widget: 'expression',
      syntax: 'jsonata',
      rows: 3,
      missing: 'an item to send',
      help: 'JSONata: what appears in the run’s live stream.',
      placeholder: "{ 'type': 'progress', 'stage': 'done' }",
      result: 'The stream item',
    },
  ],
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
  form: [
    {
      key: 'event',
      label: 'Event name',
      widget: 'text',
      missing: 'an event name',
      help: '“On event” steps listening to this name run.',
      suggest: 'events',
    },
    {
      key: 'value',
      label: 'Value',
      widget: 'expression',
      syntax: 'jsonata',
      help: 'JSONata; what the listeners receive ("input": what this step receives).',
      result: 'What the listeners receive',
    },
    {
      key: 'wait',
      label: 'Wait until the listeners finish',
      widget: 'toggle',
      help: 'Off: the listeners run in the background and this step goes on at once.',
    },
  ],
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
  form: [
    {
      key: 'ms',
      label: 'Wait for',
      widget: 'duration',
      max: 86_400_000,
      missing: 'how long to wait',
      help: 'For waits that must survive a restart, use an approval with a timeout.',
    },
  ],
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
