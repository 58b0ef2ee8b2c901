import type { TriggerFlowRuntimeData } from '@triggerflow/engine';
import { z } from 'zod';
import { createAgent, type AgentRun } from '../ai/agent';
import { ModelError, type ModelProvider, type OfflineRule } from '../ai/provider';
import { checkExpression, compileExpression } from '../expression';
import type { FormField } from '../form';
import { defineKind, expressionString, scope } from '../kind';

// Templates: text with `{{ expr }}` segments, each JSONata over `{ input, state }`.

const SEGMENT = /\{\{([\s\S]*?)\}\}/g;

/** Adds an issue for every `{{ }}` segment that does not parse, at its position in the template. */
function checkTemplate(template: string, ctx: z.RefinementCtx): void {
  for (const match of template.matchAll(SEGMENT)) {
    const source = match[1] ?? '';
    const start = match.index + 2;
    const problem = source.trim() ? checkExpression(source) : undefined;
    if (!source.trim() || problem) {
      const position = start + (problem?.position ?? 0);
      const what = problem
        ? `JSONata ${problem.code}: ${problem.message.replace(/^JSONata \S+( at position \d+)?: /, '')}`
        : 'an empty {{ }} segment';
      ctx.addIssue({
        code: 'custom',
        message: `${what} (template position ${position})`,
        params: { position },
      });
    }
  }
  const rest = template.replace(SEGMENT, (m) => ' '.repeat(m.length));
  const open = rest.indexOf('{{');
  if (open >= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `'{{' at position ${open} is never closed`,
      params: { position: open },
    });
  }
}

const template = (description: string) =>
  z.string().superRefine(checkTemplate).describe(description);

/** Renders a template: strings are inserted as they are, other values as JSON, missing as ''. */
export async function renderTemplate(
  source: string,
  data: TriggerFlowRuntimeData,
): Promise<string> {
  const values: string[] = [];
  for (const match of source.matchAll(SEGMENT)) {
    const value = await compileExpression(match[1] ?? '').evaluate(scope(data));
    values.push(
      value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  let i = 0;
  return source.replace(SEGMENT, () => values[i++] ?? '');
}

// Config pieces shared by agent and classify.

const offlineRuleSchema = z
  .object({
    keyword: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    expression: expressionString('JSONata predicate over { input, state }').optional(),
    output: z.unknown().describe('The reply when the rule matches'),
  })
  .describe('Offline rule: keyword(s) and/or a predicate → output');

const common = {
  maxRetries: z.number().int().min(0).max(5).default(2).describe('Retries after an invalid reply'),
  model: z.string().min(1).optional().describe('Model (default: the server’s)'),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .optional()
    .describe(
      'Wait at most this long for the model, retries included, ms (default: the server’s, 60 s)',
    ),
  temperature: z.number().min(0).max(2).optional(),
  rules: z
    .array(offlineRuleSchema)
    .optional()
    .describe('Rules for offline runs (the rules provider)'),
};

const fieldSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name such as category or due_date'),
    type: z.enum(['string', 'number', 'integer', 'boolean']).default('string'),
    description: z.string().optional(),
    enum: z.array(z.string()).min(1).optional().describe('Allowed values (string fields)'),
    optional: z.boolean().default(false),
  })
  .refine((f) => f.enum === undefined || f.type === 'string', {
    message: 'enum is only allowed on string fields',
    path: ['enum'],
  });
type Field = z.output<typeof fieldSchema>;

const unique = (values: readonly string[]) => new Set(values).size === values.length;

function fieldType(field: Field): z.ZodType {
  const [first, ...others] = field.enum ?? [];
  let type: z.ZodType;
  if (first !== undefined) type = z.enum([first, ...others]);
  else if (field.type === 'integer') type = z.number().int();
  else if (field.type === 'number') type = z.number();
  else if (field.type === 'boolean') type = z.boolean();
  else type = z.string();
  if (field.description) type = type.describe(field.description);
  return field.optional ? type.optional() : type;
}

const shapes = new WeakMap<readonly Field[], z.ZodObject>();

/** The zod object a node's `output.fields` declare (built once per config). */
export function outputSchemaOf(fields: readonly Field[]): z.ZodObject {
  let schema = shapes.get(fields);
  if (!schema) {
    schema = z.object(Object.fromEntries(fields.map((f) => [f.name, fieldType(f)])));
    shapes.set(fields, schema);
  }
  return schema;
}

interface CallOptions {
  readonly instructions: string;
  readonly schema: z.ZodObject;
  readonly maxRetries: number;
  readonly timeoutMs?: number | undefined;
  readonly model?: string | undefined;
  readonly temperature?: number | undefined;
  readonly rules?: readonly OfflineRule[] | undefined;
}

/** Calls the `model` resource and records a `usage` stream item (also when the output stays invalid). */
async function callModel(
  data: TriggerFlowRuntimeData,
  call: CallOptions,
): Promise<Record<string, unknown>> {
  const provider = data.requireResource<ModelProvider>('model');
  const record = (run: Omit<AgentRun<unknown>, 'output'>) =>
    data.putIntoStream({
      type: 'usage',
      nodeId: data.nodeId,
      model: run.model,
      promptTokens: run.usage.promptTokens,
      completionTokens: run.usage.completionTokens,
      latencyMs: run.latencyMs,
      attempts: run.attempts,
    });
  const agent = createAgent({
    provider,
    maxRetries: call.maxRetries,
    model: call.model,
    temperature: call.temperature,
    timeoutMs: call.timeoutMs,
    signal: data.abortSignal,
  })
    .input(data.input)
    .state(data.getState())
    .rules(call.rules ?? [])
    .instruct(call.instructions)
    .output(call.schema);
  try {
    const run = await agent.startWithMeta();
    record(run);
    return run.output;
  } catch (error) {
    if (error instanceof ModelError && error.code === 'INVALID_OUTPUT') {
      record(error.details as unknown as Omit<AgentRun<unknown>, 'output'>);
    }
    throw error;
  }
}

/** The settings agent and classify share, under "More settings". */
const commonForm = (answer: FormField): FormField[] => [
  {
    key: 'rules',
    label: 'Offline rules',
    widget: 'list',
    itemLabel: 'Rule',
    addLabel: 'Add rule',
    help: 'Answers for runs without a model server: the first rule that matches answers.',
    item: {
      key: '',
      label: 'Rule',
      widget: 'group',
      fields: [
        {
          key: 'keyword',
          label: 'Keywords',
          widget: 'list',
          itemLabel: 'Keyword',
          addLabel: 'Add keyword',
          help: 'Matches when any of them occurs in the input (any case).',
          item: { key: '', label: 'Keyword', widget: 'text' },
        },
        {
          key: 'expression',
          label: 'Condition',
          widget: 'expression',
          syntax: 'jsonata',
          help: 'JSONata that must give true (optional).',
          result: 'true: this rule answers',
        },
        answer,
      ],
    },
  },
  {
    key: 'maxRetries',
    label: 'Retries after an invalid answer',
    widget: 'number',
    integer: true,
    min: 0,
    max: 5,
    unit: 'retries',
    advanced: true,
  },
  {
    key: 'timeoutMs',
    label: 'Give up after',
    widget: 'duration',
    min: 1000,
    max: 600_000,
    help: 'Retries included; empty: the server’s limit (60 s unless set otherwise).',
    advanced: true,
  },
  {
    key: 'model',
    label: 'Model',
    widget: 'text',
    placeholder: 'The server’s model',
    advanced: true,
  },
  {
    key: 'temperature',
    label: 'Temperature',
    widget: 'number',
    min: 0,
    max: 2,
    help: '0 answers the same way each time; higher varies more.',
    empty: { label: 'Default', stored: 'absent' },
    advanced: true,
  },
];

export const agentKind = defineKind({
  kind: 'agent',
  label: 'Agent',
  usesModel: true,
  icon: 'bot',
  category: 'ai',
  summary: 'Ask a model for a structured answer.',
  input: 'Any value (sent to the model as JSON).',
  output: 'An object with the declared fields, validated.',
  docs:
    'Sends `instructions` (a template: `{{ expr }}` segments are JSONata over `{ input, state }`), the ' +
    'declared output as JSON Schema, and the input as JSON to the `model` runtime resource. The reply ' +
    'must be a JSON object with the `output.fields` (`string`, `number`, `integer`, `boolean`; `enum` ' +
    'limits a string; `optional` allows it to be missing). An invalid reply is retried with the ' +
    'validation errors fed back, up to `maxRetries` (0–5, default 2) times; then the step fails with ' +
    '`INVALID_OUTPUT`. A model call is bounded by `timeoutMs` (default: the server’s, 60 s), retries ' +
    'included; the server retries 429 and 5xx answers with backoff (honouring `Retry-After`), and ' +
    'cancelling the run stops the call. Every call puts `{ type: "usage", nodeId, model, promptTokens, completionTokens, ' +
    'latencyMs, attempts }` into the run’s stream. `rules` answer offline runs (the rules provider): ' +
    '`{ keyword: ["refund"], output: { … } }` or `{ expression: "input.total > 100", output: { … } }`.',
  form: [
    {
      key: 'instructions',
      label: 'Instructions',
      widget: 'expression',
      syntax: 'template',
      rows: 4,
      missing: 'instructions',
      help: 'What the model should do; {{ input.text }} inserts a value.',
      result: 'The instructions sent',
    },
    {
      key: 'output',
      label: 'Answer',
      widget: 'group',
      missing: 'at least one field of the answer',
      fields: [
        {
          key: 'fields',
          label: 'Fields of the answer',
          widget: 'list',
          itemLabel: 'Field',
          addLabel: 'Add field',
          minItems: 1,
          missing: 'at least one answer field',
          item: {
            key: '',
            label: 'Field',
            widget: 'group',
            fields: [
              { key: 'name', label: 'Name', widget: 'text', placeholder: 'category' },
              {
                key: 'type',
                label: 'Type',
                widget: 'choice',
                options: [
                  { value: 'string', label: 'Text' },
                  { value: 'number', label: 'Number' },
                  { value: 'integer', label: 'Whole number' },
                  { value: 'boolean', label: 'Yes or no' },
                ],
              },
              { key: 'description', label: 'What it means', widget: 'text' },
              {
                key: 'enum',
                label: 'Allowed values',
                widget: 'list',
                itemLabel: 'Value',
                addLabel: 'Add value',
                item: { key: '', label: 'Value', widget: 'text' },
                showWhen: { key: 'type', equals: ['string', null] },
              },
              { key: 'optional', label: 'May be missing', widget: 'toggle' },
            ],
          },
        },
      ],
    },
    ...commonForm({
      key: 'output',
      label: 'Answer',
      widget: 'json',
      missing: 'an answer',
      help: 'The object the rule answers with.',
    }),
  ],
  configSchema: z.object({
    instructions: template(
      'What the model should do; {{ expr }} inserts JSONata over { input, state }',
    ),
    output: z
      .object({ fields: z.array(fieldSchema).min(1, 'declare at least one output field') })
      .refine((o) => unique(o.fields.map((f) => f.name)), {
        message: 'field names must be unique',
      }),
    ...common,
  }),
  async run(data, config) {
    return callModel(data, {
      ...config,
      instructions: await renderTemplate(config.instructions, data),
      schema: outputSchemaOf(config.output.fields),
    });
  },
});

const categorySchemas = new WeakMap<readonly string[], z.ZodObject>();

/** `{ category: one of categories }` (built once per config). */
function categorySchemaOf(categories: readonly string[]): z.ZodObject {
  let schema = categorySchemas.get(categories);
  if (!schema) {
    const [first = '', ...others] = categories;
    schema = z.object({
      category: z.enum([first, ...others]).describe('The category that fits the input best'),
    });
    categorySchemas.set(categories, schema);
  }
  return schema;
}

/** A classify rule may give just the category: `{ keyword: 'refund', output: 'B' }`. */
const categoryOf = (output: unknown): unknown =>
  typeof output === 'object' && output !== null && 'category' in output ? output.category : output;

export const classifyKind = defineKind({
  kind: 'classify',
  label: 'Classify',
  usesModel: true,
  icon: 'tags',
  category: 'ai',
  summary: 'Ask a model which of a few categories the input belongs to.',
  input: 'Any value (sent to the model as JSON).',
  output: 'One of `categories` (a string), for a following branch.',
  docs:
    'An agent preset: the model must reply `{ "category": … }` with one of `categories` (at least two, ' +
    'unique); the step returns just the category, so a following branch can have a case per ' +
    'category. `instructions` (a template, optional) are added to the default ones. `rules` answer ' +
    'offline runs; their `output` may be the category itself (`{ keyword: "refund", output: "B" }`). ' +
    'Retries, errors and the `usage` stream item are as for the agent.',
  form: [
    {
      key: 'categories',
      label: 'Categories',
      widget: 'list',
      itemLabel: 'Category',
      addLabel: 'Add category',
      minItems: 2,
      missing: 'at least two categories',
      help: 'The answer is exactly one of them; a following branch can have a case per category.',
      item: { key: '', label: 'Category', widget: 'text', placeholder: 'billing' },
    },
    {
      key: 'instructions',
      label: 'Extra instructions',
      widget: 'expression',
      syntax: 'template',
      rows: 3,
      help: 'Added to “pick one of the categories”; {{ input.text }} inserts a value.',
      result: 'The instructions sent',
    },
    ...commonForm({
      key: 'output',
      label: 'Category',
      widget: 'choice',
      optionsFrom: 'categories',
      missing: 'a category',
    }),
  ],
  configSchema: z
    .object({
      categories: z
        .array(z.string().min(1))
        .min(2, 'give at least two categories')
        .refine(unique, { message: 'categories must be unique' }),
      instructions: template(
        'Extra instructions; {{ expr }} inserts JSONata over { input, state }',
      ).optional(),
      ...common,
    })
    .superRefine((config, ctx) => {
      config.rules?.forEach((rule, index) => {
        const category = categoryOf(rule.output);
        if (typeof category !== 'string' || !config.categories.includes(category)) {
          ctx.addIssue({
            code: 'custom',
            message: `the rule's output must be one of the categories (${config.categories.join(', ')})`,
            path: ['rules', index, 'output'],
          });
        }
      });
    }),
  async run(data, config) {
    const schema = categorySchemaOf(config.categories);
    const extra = config.instructions
      ? `\n\n${await renderTemplate(config.instructions, data)}`
      : '';
    const output = await callModel(data, {
      ...config,
      instructions: `Classify the input into exactly one of these categories: ${config.categories.join(', ')}.${extra}`,
      schema,
      rules: config.rules?.map((rule) => ({
        ...rule,
        output: { category: categoryOf(rule.output) },
      })),
    });
    return output['category'];
  },
});

export const agentKinds = [agentKind, classifyKind] as const;
