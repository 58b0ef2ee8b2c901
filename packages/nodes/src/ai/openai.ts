import { z } from 'zod';
import {
  attemptSignal,
  isRetryableStatus,
  pause,
  retryAfterMs,
  type HostSignal,
} from './model-call';
import { ModelError, type ModelProvider, type ModelReply, type ModelRequest } from './provider';

/** The part of a `fetch` response this provider reads (the library is compiled without DOM types). */
export interface FetchLikeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` this provider calls: the platform's, or any compatible function. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: HostSignal },
) => Promise<FetchLikeResponse>;

/** How long one model call may take, retries included, unless the request says less. */
export const DEFAULT_MODEL_TIMEOUT_MS = 60_000;
/** Attempts after the first on a 429, a 5xx or a network failure. */
export const DEFAULT_MODEL_RETRIES = 2;

export interface OpenAICompatibleOptions {
  /** E.g. `https://api.openai.com/v1`, `http://localhost:11434/v1` (Ollama), a vLLM server's `/v1`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string;
  /** The default model; a request's `model` overrides it. */
  readonly model: string;
  /** Default: `globalThis.fetch`, looked up at call time. */
  readonly fetch?: FetchLike;
  /**
   * Send `response_format: { type: 'json_object' }` when the caller expects JSON (default true;
   * OpenAI, Ollama and vLLM support it). Turn it off for servers that reject the field.
   */
  readonly jsonMode?: boolean;
  /** Extra request headers (e.g. an organisation or a gateway key). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The whole call — every attempt and the waits between them — must end within this many ms
   * (default 60 s); a request's `timeoutMs` may say less. Past it: `ModelError('TIMEOUT')`.
   */
  readonly timeoutMs?: number;
  /**
   * Attempts after the first when the server answers 429 or 5xx, or cannot be reached (default
   * 2). The wait is `Retry-After` when the server sends one, else 0.5 s, 1 s, 2 s … (at most 10 s).
   */
  readonly maxRetries?: number;
  /** The first backoff, ms (default 500; it doubles each attempt). */
  readonly retryDelayMs?: number;
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
}

const MAX_BACKOFF_MS = 10_000;

const replySchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1, 'no choices'),
  usage: z
    .object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() })
    .optional(),
});

const BODY_EXCERPT = 300;

/** A provider for any server that speaks OpenAI's `POST /chat/completions`. */
export function openAICompatibleProvider(options: OpenAICompatibleOptions): ModelProvider {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;

  const now = options.now ?? (() => Date.now());
  const maxRetries = options.maxRetries ?? DEFAULT_MODEL_RETRIES;
  const firstDelay = options.retryDelayMs ?? 500;

  return {
    name: 'openai-compatible',
    async complete(request: ModelRequest): Promise<ModelReply> {
      const fetch = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
      if (!fetch)
        throw new ModelError('NETWORK', 'No fetch function is available on this platform.', {
          url,
        });
      const model = request.model ?? options.model;
      const body: Record<string, unknown> = { model, messages: request.messages };
      if (request.temperature !== undefined) body['temperature'] = request.temperature;
      if (request.jsonSchema && (options.jsonMode ?? true))
        body['response_format'] = { type: 'json_object' };
      const init = { method: 'POST' as const, headers, body: JSON.stringify(body) };
      const budget = Math.min(
        request.timeoutMs ?? Number.POSITIVE_INFINITY,
        options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
      );
      const deadline = now() + budget;
      const timedOut = (attempts: number) =>
        new ModelError(
          'TIMEOUT',
          `The model server at ${url} did not answer within ${budget} ms (${attempts} attempt(s))`,
          { url, timeoutMs: budget, attempts },
        );
      for (let attempt = 1; ; attempt += 1) {
        const outcome = await attemptOnce({
          fetch,
          url,
          init,
          deadline: deadline - now(),
          request,
        });
        if (outcome.kind === 'cancelled') throw cancellation(outcome.reason, url);
        if (outcome.kind === 'timeout') throw timedOut(attempt);
        if (outcome.kind === 'reply') return parseReply(outcome.text, model, url);
        const failure = outcome.error;
        const status =
          typeof failure.details['status'] === 'number' ? failure.details['status'] : 0;
        const retryable = failure.code === 'NETWORK' || isRetryableStatus(status);
        if (!retryable || attempt > maxRetries) {
          throw attempt > 1 ? withAttempts(failure, attempt) : failure;
        }
        const backoff = Math.min(MAX_BACKOFF_MS, firstDelay * 2 ** (attempt - 1));
        const wait = outcome.retryAfterMs ?? backoff;
        if (now() + wait >= deadline) {
          const why = outcome.retryAfterMs !== undefined ? ` (Retry-After: ${wait} ms)` : '';
          throw new ModelError(
            failure.code,
            `${failure.message}; no time left to try again within ${budget} ms${why}`,
            { ...failure.details, attempts: attempt },
          );
        }
        try {
          await pause(wait, request.signal);
        } catch (reason) {
          throw cancellation(reason, url);
        }
      }
    },
  };
}

type Outcome =
  | { kind: 'reply'; text: string }
  | { kind: 'failed'; error: ModelError; retryAfterMs: number | undefined }
  | { kind: 'timeout' }
  | { kind: 'cancelled'; reason: unknown };

/** One request, bounded by what is left of the budget and by the caller's signal. */
async function attemptOnce(x: {
  fetch: FetchLike;
  url: string;
  init: { method: 'POST'; headers: Record<string, string>; body: string };
  deadline: number;
  request: ModelRequest;
}): Promise<Outcome> {
  const { url } = x;
  const attempt = attemptSignal(x.deadline, x.request.signal);
  const exchange = (async (): Promise<Outcome> => {
    let response: FetchLikeResponse;
    let text: string;
    try {
      response = await x.fetch(
        url,
        attempt.signal === undefined ? x.init : { ...x.init, signal: attempt.signal },
      );
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        kind: 'failed',
        error: new ModelError(
          'NETWORK',
          `The model server at ${url} could not be reached: ${reason}`,
          {
            url,
          },
        ),
        retryAfterMs: undefined,
      };
    }
    if (response.ok) return { kind: 'reply', text };
    const excerpt = text.slice(0, BODY_EXCERPT);
    const status = response.status;
    return {
      kind: 'failed',
      error: new ModelError('HTTP', `The model server answered HTTP ${status}: ${excerpt}`, {
        url,
        status,
        body: excerpt,
      }),
      retryAfterMs: retryAfterMs(response.headers?.get('retry-after'), Date.now()),
    };
  })();
  try {
    // An interruption wins over whatever the aborted fetch rejects with.
    return await Promise.race([exchange, attempt.interrupted]);
  } finally {
    attempt.done();
    exchange.catch(() => undefined);
  }
}

/** The caller's reason (the engine's CancelledError: the step ends quietly), else a ModelError. */
function cancellation(reason: unknown, url: string): unknown {
  if (reason instanceof Error) return reason;
  return new ModelError('CANCELLED', `The call to the model server at ${url} was cancelled`, {
    url,
  });
}

const withAttempts = (error: ModelError, attempts: number) =>
  new ModelError(error.code, `${error.message} (after ${attempts} attempts)`, {
    ...error.details,
    attempts,
  });

function parseReply(text: string, requestedModel: string, url: string): ModelReply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badReply('the body is not JSON', text, url);
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw badReply(problem, text, url);
  }
  const { model, choices, usage } = parsed.data;
  return {
    content: choices[0]?.message.content ?? '',
    model: model ?? requestedModel,
    usage: {
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
    },
  };
}

const badReply = (problem: string, text: string, url: string) =>
  new ModelError('BAD_REPLY', `The model server sent an unexpected reply (${problem}).`, {
    url,
    body: text.slice(0, BODY_EXCERPT),
  });
