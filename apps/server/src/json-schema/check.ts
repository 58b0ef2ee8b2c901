import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ApiError } from '../errors';

/**
 * Checks JSON values against JSON Schemas that people write (approval response forms, a flow's
 * input schema): each distinct schema compiled once, errors named by field
 * (`response.decision is required`, `input.items[0] must be number`).
 */

type Path = (string | number)[];

/** Distinct schemas whose validators are kept; the oldest is dropped past this. */
const MAX_CACHED_SCHEMAS = 200;
const validators = new Map<string, ValidateFunction>();

/** JSON with sorted keys, so schemas that differ only in key order share a validator. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The schema's validator, compiled once per distinct schema. Each schema gets its own Ajv instance
 * so schemas cannot clash on `$id` and a dropped schema frees everything it compiled. Schemas are
 * read as JSON Schema 2020-12 (what zod emits); `format` is not checked. `unusable` words the
 * error when the schema does not compile, from the compiler's reason.
 */
function validatorFor(
  schema: Record<string, unknown>,
  unusable: (why: string) => string,
): ValidateFunction {
  const key = canonical(schema);
  const cached = validators.get(key);
  if (cached) {
    validators.delete(key);
    validators.set(key, cached);
    return cached;
  }
  let validate: ValidateFunction;
  try {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    validate = ajv.compile(schema);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiError('BAD_REQUEST', unusable(why), []);
  }
  validators.set(key, validate);
  if (validators.size > MAX_CACHED_SCHEMAS) {
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

function describe(
  error: ErrorObject,
  root: string,
  value: unknown,
): { path: Path; message: string } {
  const path: Path = [root, ...segments(error.instancePath, value)];
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
 * Checks `value` (named `root` in messages and paths) against `schema`. Throws a BAD_REQUEST
 * ApiError at the first problem's path (`['response', 'decision']`) whose message names every
 * problem, with one issue per problem (so a form can mark each field).
 */
export function checkAgainstSchema(
  schema: Record<string, unknown>,
  value: unknown,
  root: string,
  unusable: (why: string) => string,
): void {
  const validate = validatorFor(schema, unusable);
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((error) => describe(error, root, value));
  const first = problems[0] ?? { path: [root], message: `${root} does not match its schema` };
  throw new ApiError(
    'BAD_REQUEST',
    problems.map((p) => p.message).join('; '),
    first.path,
    problems,
  );
}
