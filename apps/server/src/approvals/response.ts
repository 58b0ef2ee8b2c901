import type { PausePrompt } from '@triggerflow/blueprint';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ApiError } from '../errors';

type Path = (string | number)[];

/** Distinct forms whose validators are kept; the oldest is dropped past this. */
const MAX_CACHED_FORMS = 200;
const validators = new Map<string, ValidateFunction>();

/** JSON with sorted keys, so forms that differ only in key order share a validator. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The form's validator, compiled once per distinct form. Each form gets its own Ajv instance so
 * forms cannot clash on `$id` and a dropped form frees everything it compiled. Forms are read as
 * JSON Schema 2020-12 (what zod emits); `format` is not checked.
 */
function validatorFor(prompt: PausePrompt, form: Record<string, unknown>): ValidateFunction {
  const key = canonical(form);
  const cached = validators.get(key);
  if (cached) {
    validators.delete(key);
    validators.set(key, cached);
    return cached;
  }
  let validate: ValidateFunction;
  try {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    validate = ajv.compile(form);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiError(
      'BAD_REQUEST',
      `the response form of "${prompt.title}" is not a usable JSON Schema (${why}), so no response can be checked`,
      [],
    );
  }
  validators.set(key, validate);
  if (validators.size > MAX_CACHED_FORMS) {
    const oldest = validators.keys().next();
    if (!oldest.done) validators.delete(oldest.value);
  }
  return validate;
}

/** Splits a JSON Pointer, making a segment a number where the response has an array. */
function segments(pointer: string, response: unknown): Path {
  if (pointer === '') return [];
  const path: Path = [];
  let at: unknown = response;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(at) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

/** `response.items[0].name` */
function fieldName(path: Path): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : index === 0 || /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${index === 0 ? '' : '.'}${segment}`
          : `[${JSON.stringify(segment)}]`,
    )
    .join('');
}

function describe(error: ErrorObject, response: unknown): { path: Path; message: string } {
  const path: Path = ['response', ...segments(error.instancePath, response)];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = [...path, String(params.missingProperty)];
      return { path: field, message: `${fieldName(field)} is required` };
    }
    case 'additionalProperties': {
      const field = [...path, String(params.additionalProperty)];
      return { path: field, message: `${fieldName(field)} is not a field of the form` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) =>
        typeof v === 'string' ? v : JSON.stringify(v),
      );
      return {
        path,
        message: `${fieldName(path)} must be equal to one of the allowed values: ${allowed.join(', ')}`,
      };
    }
    case 'const':
      return {
        path,
        message: `${fieldName(path)} must be equal to ${JSON.stringify(params.allowedValue)}`,
      };
    default:
      return { path, message: `${fieldName(path)} ${error.message ?? 'is invalid'}` };
  }
}

/**
 * Checks a response against the prompt's form (a free answer when the form is null). Throws a
 * BAD_REQUEST ApiError at the first problem's path (`['response', 'decision']`) whose message
 * names every problem.
 */
export function validateResponse(prompt: PausePrompt, response: unknown): void {
  if (prompt.form === null) return;
  const validate = validatorFor(prompt, prompt.form);
  if (validate(response)) return;
  const problems = (validate.errors ?? []).map((error) => describe(error, response));
  const first = problems[0] ?? { path: ['response'], message: 'response does not match the form' };
  throw new ApiError('BAD_REQUEST', problems.map((p) => p.message).join('; '), first.path);
}

const DECISIONS = new Map<unknown, 'approved' | 'rejected'>([
  ['approve', 'approved'],
  ['approved', 'approved'],
  ['reject', 'rejected'],
  ['rejected', 'rejected'],
]);

/** The vote's outcome: the explicit one, else the response's `decision` (the default form's). */
export function outcomeOf(
  outcome: 'approved' | 'rejected' | undefined,
  response: unknown,
): 'approved' | 'rejected' {
  const decision =
    response !== null && typeof response === 'object'
      ? (response as Record<string, unknown>).decision
      : undefined;
  const derived = DECISIONS.get(decision);
  if (outcome !== undefined) {
    if (derived !== undefined && derived !== outcome) {
      throw new ApiError(
        'BAD_REQUEST',
        `response.decision says ${String(decision)}, but outcome is '${outcome}'; send one or make them agree`,
        ['response', 'decision'],
      );
    }
    return outcome;
  }
  if (derived) return derived;
  throw new ApiError(
    'BAD_REQUEST',
    "pass outcome: 'approved' | 'rejected', or a response with decision: 'approve' | 'reject'",
    ['outcome'],
  );
}

/**
 * The response to validate and record: an outcome sent alone to a form with a `decision` field
 * (the default form) answers it as `{ decision: 'approve' | 'reject' }`.
 */
export function completeResponse(
  form: Record<string, unknown> | null,
  outcome: 'approved' | 'rejected' | undefined,
  response: unknown,
): unknown {
  if ((response !== undefined && response !== null) || outcome === undefined || !form) {
    return response ?? null;
  }
  const properties = form['properties'] as Record<string, { enum?: unknown[] }> | undefined;
  const choices = properties?.['decision']?.enum;
  const word = outcome === 'approved' ? 'approve' : 'reject';
  if (Array.isArray(choices) && choices.includes(word)) return { decision: word };
  if (Array.isArray(choices) && choices.includes(outcome)) return { decision: outcome };
  return response ?? null;
}
