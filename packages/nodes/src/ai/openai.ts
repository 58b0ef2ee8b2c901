import { z } from 'zod';
import { ModelError, type ModelProvider, type ModelReply, type ModelRequest } from './provider';

/** The part of a `fetch` response this provider reads (the library is compiled without DOM types). */
export interface FetchLikeResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** The part of `fetch` this provider calls: the platform's, or any compatible function. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<FetchLikeResponse>;

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
}

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

      let status: number;
      let text: string;
      let ok: boolean;
      try {
        const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
        ({ ok, status } = response);
        text = await response.text();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ModelError(
          'NETWORK',
          `The model server at ${url} could not be reached: ${reason}`,
          { url },
        );
      }
      if (!ok) {
        const excerpt = text.slice(0, BODY_EXCERPT);
        throw new ModelError('HTTP', `The model server answered HTTP ${status}: ${excerpt}`, {
          url,
          status,
          body: excerpt,
        });
      }
      return parseReply(text, model, url);
    },
  };
}

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
