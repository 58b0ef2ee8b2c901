import type { AbortSignalLike } from '@triggerflow/engine';
import { z } from 'zod';
import {
  ModelError,
  type ModelMessage,
  type ModelProvider,
  type ModelRequest,
  type ModelUsage,
  type OfflineRule,
} from './provider';

export interface AgentOptions {
  readonly provider: ModelProvider;
  /** Extra attempts after a reply that is not valid JSON or fails the schema (default 2). */
  readonly maxRetries?: number;
  /** Overrides the provider's model. */
  readonly model?: string;
  readonly temperature?: number;
  /** Milliseconds since some epoch, for `latencyMs` (default `Date.now`). */
  readonly now?: () => number;
  /** Each model call must end within this many ms (the provider may allow less). */
  readonly timeoutMs?: number;
  /** Stops the call (and any retry) when it fires: pass the step's `data.abortSignal`. */
  readonly signal?: AbortSignalLike;
}

/** What `startWithMeta()` resolves: the validated output and what it cost. */
export interface AgentRun<T> {
  readonly output: T;
  /** Summed over every attempt. */
  readonly usage: ModelUsage;
  /** From the first request to the accepted reply. */
  readonly latencyMs: number;
  /** 1 when the first reply was valid. */
  readonly attempts: number;
  /** The model that answered last, as the provider reports it. */
  readonly model: string;
}

/**
 * An immutable request builder: every call returns a new builder, so a configured agent can be
 * shared and reused. `start()` resolves the validated output; `startWithMeta()` adds usage,
 * latency, attempts and model.
 */
export interface AgentBuilder<T> {
  /** The step's input, sent as JSON in the user message. */
  input(value: unknown): AgentBuilder<T>;
  /** The instructions (the system message). Calling it again replaces them. */
  instruct(text: string): AgentBuilder<T>;
  /** The reply's shape; it is sent as JSON Schema and every reply is validated against it. */
  output<O extends z.ZodObject>(schema: O): AgentBuilder<z.output<O>>;
  output<S extends z.ZodRawShape>(shape: S): AgentBuilder<z.output<z.ZodObject<S>>>;
  /** The execution state, for providers that decide on it (the rules provider's expressions). */
  state(value: unknown): AgentBuilder<T>;
  /** Offline rules carried by the caller (the rules provider reads them before its own). */
  rules(rules: readonly OfflineRule[]): AgentBuilder<T>;
  /** Resolves the validated output (without `output()`: the reply's text). */
  start(): Promise<T>;
  startWithMeta(): Promise<AgentRun<T>>;
}

interface Spec {
  readonly input: unknown;
  readonly instructions: string;
  readonly schema: z.ZodType | undefined;
  readonly state: unknown;
  readonly rules: readonly OfflineRule[] | undefined;
}

/** `createAgent({ provider }).input(x).instruct('…').output({ category: z.string() }).start()`. */
export function createAgent(options: AgentOptions): AgentBuilder<string> {
  const spec: Spec = {
    input: undefined,
    instructions: '',
    schema: undefined,
    state: undefined,
    rules: undefined,
  };
  return builder<string>(options, spec);
}

function builder<T>(options: AgentOptions, spec: Spec): AgentBuilder<T> {
  const next = <U = T>(change: Partial<Spec>) =>
    builder<U>(options, Object.freeze({ ...spec, ...change }));
  return Object.freeze({
    input: (value: unknown) => next({ input: value }),
    instruct: (text: string) => next({ instructions: text }),
    output: (shape: z.ZodObject | z.ZodRawShape) =>
      next({ schema: shape instanceof z.ZodType ? shape : z.object(shape) }),
    state: (value: unknown) => next({ state: value }),
    rules: (rules: readonly OfflineRule[]) => next({ rules }),
    start: async () => (await run<T>(options, spec)).output,
    startWithMeta: () => run<T>(options, spec),
  }) as AgentBuilder<T>;
}

async function run<T>(options: AgentOptions, spec: Spec): Promise<AgentRun<T>> {
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 2;
  const jsonSchema = spec.schema ? replySchema(spec.schema) : undefined;
  const messages: ModelMessage[] = [
    { role: 'system', content: systemMessage(spec.instructions, jsonSchema) },
    { role: 'user', content: `Input:\n${JSON.stringify(spec.input ?? null)}` },
  ];
  const started = now();
  const usage = { promptTokens: 0, completionTokens: 0 };
  for (let attempt = 1; ; attempt += 1) {
    const request: ModelRequest = {
      messages: [...messages],
      input: spec.input,
      state: spec.state,
      jsonSchema,
      rules: spec.rules,
      model: options.model,
      temperature: options.temperature,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    };
    options.signal?.throwIfAborted();
    const reply = await options.provider.complete(request);
    usage.promptTokens += reply.usage.promptTokens;
    usage.completionTokens += reply.usage.completionTokens;
    const meta = {
      usage: { ...usage },
      latencyMs: now() - started,
      attempts: attempt,
      model: reply.model,
    };
    if (!spec.schema) return { ...meta, output: reply.content as T };
    const checked = checkReply(reply.content, spec.schema);
    if (checked.ok) return { ...meta, output: checked.value as T };
    const { problems } = checked;
    if (attempt > maxRetries) {
      throw new ModelError(
        'INVALID_OUTPUT',
        `The model's reply did not match the output schema after ${attempt} attempt(s): ${problems.join('; ')}`,
        { ...meta, errors: problems, reply: reply.content },
      );
    }
    messages.push(
      { role: 'assistant', content: reply.content },
      { role: 'user', content: retryMessage(problems) },
    );
  }
}

/** The JSON Schema the model is asked to follow (without the `$schema` URL, which is just tokens). */
function replySchema(schema: z.ZodType): Record<string, unknown> {
  const jsonSchema: Record<string, unknown> = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  delete jsonSchema['$schema'];
  return jsonSchema;
}

function systemMessage(
  instructions: string,
  jsonSchema: Record<string, unknown> | undefined,
): string {
  if (!jsonSchema) return instructions;
  return (
    `${instructions}\n\nReply with one JSON object, and nothing else, that matches this JSON Schema:\n` +
    JSON.stringify(jsonSchema)
  );
}

const retryMessage = (problems: readonly string[]) =>
  `Your reply did not match the schema:\n${problems.map((p) => `- ${p}`).join('\n')}\n` +
  'Reply again with only the corrected JSON object.';

type Checked = { ok: true; value: unknown } | { ok: false; problems: string[] };

/** Parses the reply as JSON (a ```json fence around it is fine) and validates it. */
function checkReply(content: string, schema: z.ZodType): Checked {
  let value: unknown;
  try {
    value = JSON.parse(unfence(content));
  } catch (error) {
    return { ok: false, problems: [`the reply is not valid JSON (${(error as Error).message})`] };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`,
    ),
  };
}

const FENCE = /```(?:json)?\s*\n?([\s\S]*?)```/i;

function unfence(content: string): string {
  const text = content.trim();
  if (text.startsWith('{') || text.startsWith('[')) return text;
  return FENCE.exec(text)?.[1]?.trim() ?? text;
}
