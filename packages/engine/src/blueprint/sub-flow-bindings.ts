import { EngineError } from '../errors';
import { getPath, setPath } from '../paths';

/** `target path → source path`, or (for `input` / `value`) one source path. */
export type Bindings = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

export interface CaptureRoots {
  readonly value: unknown;
  readonly state: Record<string, unknown>;
  readonly flowData: Record<string, unknown>;
  readonly resources: Readonly<Record<string, unknown>>;
}

export interface Captured {
  readonly input: unknown;
  readonly state: Record<string, unknown>;
  readonly flowData: Record<string, unknown>;
  readonly resources: Record<string, unknown>;
}

export interface WrittenBack {
  readonly value: unknown;
  readonly state: Record<string, unknown>;
  readonly flowData: Record<string, unknown>;
}

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Where captured values go in the child (and written-back ones in the parent); `state` = runtime_data. */
const TARGET_SCOPES: Record<string, 'state' | 'flowData' | 'resources'> = {
  runtime_data: 'state',
  runtimeData: 'state',
  state: 'state',
  flow_data: 'flowData',
  flowData: 'flowData',
  resources: 'resources',
};
/** Where capture paths may read from: the value, or any target scope. */
const SOURCE_SCOPES: Record<string, keyof CaptureRoots> = { value: 'value', ...TARGET_SCOPES };

const bindingError = (message: string): EngineError =>
  new EngineError('INVALID_SUB_FLOW_BINDING', `TriggerFlow sub flow binding: ${message}`);

function segments(path: string): string[] {
  const parts = path.split('.');
  const bad = parts.find((p) => !SEGMENT.test(p));
  if (bad !== undefined) {
    throw bindingError(
      `path '${path}' has an invalid segment '${bad}' (expected [A-Za-z_][A-Za-z0-9_]*).`,
    );
  }
  return parts;
}

function notFound(path: string): EngineError {
  return new EngineError(
    'SUB_FLOW_PATH_NOT_FOUND',
    `TriggerFlow sub flow path '${path}' not found.`,
    { path },
  );
}

/** Reads a source path like `value.payload`, `state.draft` or `resources.logger`. */
function readSource(path: string, roots: CaptureRoots): unknown {
  const [scope, ...rest] = segments(path);
  const root = SOURCE_SCOPES[scope ?? ''];
  if (!root) {
    throw bindingError(
      `unknown source scope '${scope}' in '${path}' (expected value, state / runtime_data, flow_data or resources).`,
    );
  }
  let cursor: unknown = roots[root];
  for (const part of rest) {
    if (typeof cursor !== 'object' || cursor === null || !Object.hasOwn(cursor, part))
      throw notFound(path);
    cursor = (cursor as Record<string, unknown>)[part];
  }
  return cursor;
}

const copy = (value: unknown): unknown =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);

/** Rejects duplicate or overlapping target paths (`a` and `a.b`) within one scope. */
function checkTargets(scope: string, targets: readonly string[]): void {
  for (const [i, a] of targets.entries()) {
    segments(a);
    for (const b of targets.slice(i + 1)) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw bindingError(`target paths '${a}' and '${b}' in '${scope}' overlap.`);
      }
    }
  }
}

function mapping(scope: string, value: Bindings[string]): Readonly<Record<string, string>> {
  if (typeof value === 'string')
    throw bindingError(`'${scope}' takes a mapping of target path → source path.`);
  checkTargets(scope, Object.keys(value));
  return value;
}

/** What the child starts with: its input, and the state / flow data / resources it is given. */
export function capture(bindings: Bindings | undefined, roots: CaptureRoots): Captured {
  const out: Captured = { input: undefined, state: {}, flowData: {}, resources: {} };
  if (!bindings) return { ...out, input: copy(roots.value) };
  let input: unknown;
  for (const [target, spec] of Object.entries(bindings)) {
    if (target === 'input') {
      if (typeof spec === 'string') input = copy(readSource(spec, roots));
      else {
        const object: Record<string, unknown> = {};
        for (const [sub, source] of Object.entries(mapping('input', spec))) {
          setPath(object, sub, copy(readSource(source, roots)));
        }
        input = object;
      }
      continue;
    }
    const scope = TARGET_SCOPES[target];
    if (!scope)
      throw bindingError(
        `unknown capture scope '${target}' (expected input, state / runtime_data, flow_data or resources).`,
      );
    for (const [path, source] of Object.entries(mapping(target, spec))) {
      const value = readSource(source, roots);
      setPath(out[scope], path, scope === 'resources' ? value : copy(value));
    }
  }
  return { ...out, input };
}

/** Reads `result` / `result.<path>`: inside `$final_result` first, then the close snapshot. */
function readResult(path: string, snapshot: Record<string, unknown>): unknown {
  const [scope, ...rest] = segments(path);
  if (scope !== 'result')
    throw bindingError(`write-back sources must be 'result' or 'result.<path>', got '${path}'.`);
  const final = snapshot.$final_result;
  if (rest.length === 0) return Object.hasOwn(snapshot, '$final_result') ? final : snapshot;
  const key = rest.join('.');
  if (typeof final === 'object' && final !== null) {
    const found = getPath(final as Record<string, unknown>, key);
    if (found.found) return found.value;
  }
  const found = getPath(snapshot, key);
  if (!found.found) throw notFound(path);
  return found.value;
}

/** What the parent gets back: its next input, and state / flow data writes. */
export function writeBack(
  bindings: Bindings | undefined,
  snapshot: Record<string, unknown>,
  parentValue: unknown,
): WrittenBack {
  if (!bindings) {
    return { value: readResult('result', snapshot), state: {}, flowData: {} };
  }
  const out = {
    value: parentValue,
    state: {} as Record<string, unknown>,
    flowData: {} as Record<string, unknown>,
  };
  for (const [target, spec] of Object.entries(bindings)) {
    if (target === 'value') {
      if (typeof spec === 'string') out.value = copy(readResult(spec, snapshot));
      else {
        const object: Record<string, unknown> = {};
        for (const [sub, source] of Object.entries(mapping('value', spec)))
          setPath(object, sub, copy(readResult(source, snapshot)));
        out.value = object;
      }
      continue;
    }
    const scope = TARGET_SCOPES[target];
    if (scope !== 'state' && scope !== 'flowData') {
      throw bindingError(
        `unknown write-back scope '${target}' (expected value, state / runtime_data or flow_data).`,
      );
    }
    for (const [path, source] of Object.entries(mapping(target, spec)))
      out[scope][path] = copy(readResult(source, snapshot));
  }
  return out;
}
