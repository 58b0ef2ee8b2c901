import type { AbortSignalLike } from '@triggerflow/engine';

/** The model interface the `agent` and `classify` nodes call through the `model` runtime resource. */
export interface ModelMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** An offline rule: when the input matches, the reply is `output` (as JSON). */
export interface OfflineRule {
  /** Case-insensitive keywords looked for in the JSON text of the input (any one matches). */
  readonly keyword?: string | readonly string[];
  /** A JSONata predicate over `{ input, state }`. */
  readonly expression?: string;
  readonly output: unknown;
}

export interface ModelRequest {
  readonly messages: readonly ModelMessage[];
  /** The step's input, for providers that decide on structured data (the rules provider). */
  readonly input: unknown;
  readonly state?: unknown;
  /** JSON Schema of the expected reply object. */
  readonly jsonSchema?: Record<string, unknown>;
  /** Rules the node carries for offline runs (the rules provider reads them first). */
  readonly rules?: readonly OfflineRule[];
  readonly model?: string;
  readonly temperature?: number;
  /** The call must end within this many ms (a provider may have its own, shorter limit). */
  readonly timeoutMs?: number;
  /** Fires when the answer is no longer wanted (the run was cancelled): the call stops. */
  readonly signal?: AbortSignalLike;
}

export interface ModelUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ModelReply {
  /** The assistant's text: JSON for structured output. */
  readonly content: string;
  readonly model: string;
  readonly usage: ModelUsage;
}

export interface ModelProvider {
  readonly name: string;
  complete(request: ModelRequest): Promise<ModelReply>;
}

/**
 * A provider failure (network, HTTP status, timeout, bad reply). The OpenAI-compatible provider
 * retries 429s, 5xx and network failures itself, within its timeout; what reaches the node fails
 * the step.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code:
      'NETWORK' | 'HTTP' | 'TIMEOUT' | 'CANCELLED' | 'BAD_REPLY' | 'NO_RULE' | 'INVALID_OUTPUT',
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
