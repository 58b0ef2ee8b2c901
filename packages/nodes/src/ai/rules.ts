import { compileExpression } from '../expression';
import {
  ModelError,
  type ModelProvider,
  type ModelReply,
  type ModelRequest,
  type OfflineRule,
} from './provider';

export interface RulesProviderOptions {
  /** Checked after the rules the request carries (a node's own), in order. */
  readonly rules?: readonly OfflineRule[];
  /**
   * When no rule matches: a fixed output (`{ output }`), or another provider to ask. Without it, an
   * unmatched request fails with `ModelError('NO_RULE')`.
   */
  readonly fallback?: { readonly output: unknown } | ModelProvider;
}

/**
 * A deterministic offline provider: the first matching rule's `output` is the reply, so flows with
 * agent steps run with no network (samples, tests, dry runs).
 *
 * A rule matches when any of its keywords occurs (case-insensitively) in the JSON text of the
 * request's input, and its JSONata `expression` over `{ input, state }` is `true`; a rule that has
 * both needs both, a rule that has neither always matches. The reply is the output as JSON (a string
 * output is sent as is when the caller expects text, not JSON); usage counts words.
 */
export function rulesProvider(options: RulesProviderOptions = {}): ModelProvider {
  const own = options.rules ?? [];
  return {
    name: 'rules',
    async complete(request: ModelRequest): Promise<ModelReply> {
      const text = (JSON.stringify(request.input) ?? '').toLowerCase();
      for (const rule of [...(request.rules ?? []), ...own]) {
        if (await matches(rule, request, text)) return reply(rule.output, request);
      }
      const { fallback } = options;
      if (fallback && 'complete' in fallback) return fallback.complete(request);
      if (fallback) return reply(fallback.output, request);
      throw new ModelError('NO_RULE', `No offline rule matches the input ${excerpt(text)}.`, {
        input: request.input,
      });
    },
  };
}

async function matches(rule: OfflineRule, request: ModelRequest, text: string): Promise<boolean> {
  if (rule.keyword !== undefined) {
    const keywords = typeof rule.keyword === 'string' ? [rule.keyword] : rule.keyword;
    if (!keywords.some((k) => text.includes(k.toLowerCase()))) return false;
  }
  if (rule.expression !== undefined) {
    const scope = { input: request.input, state: request.state };
    if ((await compileExpression(rule.expression).evaluate(scope)) !== true) return false;
  }
  return true;
}

function reply(output: unknown, request: ModelRequest): ModelReply {
  const content =
    typeof output === 'string' && !request.jsonSchema ? output : (JSON.stringify(output) ?? 'null');
  return {
    content,
    model: 'rules',
    usage: {
      promptTokens: request.messages.reduce((sum, m) => sum + words(m.content), 0),
      completionTokens: words(content),
    },
  };
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

const excerpt = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
