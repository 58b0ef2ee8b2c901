import jsonata from 'jsonata';

/** Limits every expression runs under. */
export interface ExpressionLimits {
  /** Wall-clock limit of one evaluation, ms (default 1,000). */
  readonly timeoutMs?: number;
  /** Deepest evaluation stack (default 300): guards runaway recursion. */
  readonly maxDepth?: number;
}

/** A JSONata syntax or evaluation problem, with the character position when JSONata gives one. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    readonly code: string,
    message: string,
    readonly position: number | undefined,
    readonly expression: string,
  ) {
    super(message);
  }
}

export interface CompiledExpression {
  readonly source: string;
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
  value?: unknown;
}

const LIMIT_MESSAGES: Record<string, (value: unknown) => string> = {
  D1011: (v) => `the expression recursed deeper than ${String(v)} levels`,
  D1012: (v) => `the expression ran longer than ${String(v)} ms`,
};

function toError(failure: unknown, source: string): ExpressionError {
  const f = (typeof failure === 'object' && failure !== null ? failure : {}) as JsonataFailure;
  const code = f.code ?? 'EXPRESSION';
  const message =
    LIMIT_MESSAGES[code]?.(f.value) ??
    f.message ??
    (failure instanceof Error ? failure.message : String(failure));
  const at = f.position !== undefined ? ` at position ${f.position}` : '';
  return new ExpressionError(code, `JSONata ${code}${at}: ${message}`, f.position, source);
}

const cache = new Map<string, jsonata.Expression>();

/** Parses once per source and limits (cached), throwing an ExpressionError naming the position. */
function parse(source: string, options?: { timeout: number; stack: number }): jsonata.Expression {
  const key = options ? `${options.timeout}:${options.stack}:${source}` : `:${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let parsed: jsonata.Expression;
  try {
    parsed = jsonata(source, options);
  } catch (error) {
    throw toError(error, source);
  }
  if (cache.size > 5_000) cache.clear();
  cache.set(key, parsed);
  return parsed;
}

/**
 * Compiles a JSONata expression once; every evaluation runs with a time and a depth limit (the
 * limits are checked per evaluation, so concurrent evaluations do not share a clock).
 */
export function compileExpression(
  source: string,
  limits: ExpressionLimits = {},
): CompiledExpression {
  const expression = parse(source, {
    timeout: limits.timeoutMs ?? 1_000,
    stack: limits.maxDepth ?? 300,
  });
  return {
    source,
    async evaluate(input, bindings) {
      try {
        return (await expression.evaluate(input, bindings)) as unknown;
      } catch (error) {
        throw toError(error, source);
      }
    },
  };
}

/** Undefined when the expression parses; otherwise what is wrong and where. */
export function checkExpression(source: string): ExpressionError | undefined {
  try {
    parse(source);
    return undefined;
  } catch (error) {
    return error instanceof ExpressionError ? error : toError(error, source);
  }
}

/** The value of an expression that is a plain literal (`"A"`, `3`, `true`, `null`), else undefined. */
export function constantOf(source: string): { readonly value: unknown } | undefined {
  let ast: { type?: string; value?: unknown };
  try {
    ast = parse(source).ast();
  } catch {
    return undefined;
  }
  const literal = ast.type === 'string' || ast.type === 'number' || ast.type === 'value';
  return literal ? { value: ast.value } : undefined;
}
