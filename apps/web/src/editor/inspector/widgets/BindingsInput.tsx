import type { BindingsField } from '@triggerflow/nodes';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { isRecord } from '../values';

interface Row {
  scope: string;
  /** '' = the whole scope (the child's input, the next step's input). */
  target: string;
  source: string;
}

export function rowsOf(value: unknown): Row[] {
  if (!isRecord(value)) return [];
  const rows: Row[] = [];
  for (const [scope, binding] of Object.entries(value)) {
    if (typeof binding === 'string') rows.push({ scope, target: '', source: binding });
    else if (isRecord(binding)) {
      for (const [target, source] of Object.entries(binding)) {
        rows.push({ scope, target, source: typeof source === 'string' ? source : '' });
      }
    }
  }
  return rows;
}

/** The engine's bindings from rows: a whole-scope row is a path, the others a mapping. */
export function bindingsOf(
  rows: readonly Row[],
): Record<string, string | Record<string, string>> | undefined {
  const out: Record<string, string | Record<string, string>> = {};
  for (const row of rows) {
    if (row.target === '') out[row.scope] = row.source;
    else {
      const current = out[row.scope];
      out[row.scope] = { ...(isRecord(current) ? current : {}), [row.target]: row.source };
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Paths copied between a parent and a sub-flow: "Its state · draft ← value.draft". */
export function BindingsInput(props: FieldProps<BindingsField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const rows = rowsOf(value);
  const set = (next: Row[]) => onChange(bindingsOf(next));
  const first = field.targets[0]?.value ?? 'input';
  return (
    <fieldset className="setting setting--list">
      <legend className="setting__label">{field.label}</legend>
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      <ol className="list-input list-input--cards">
        {rows.map((row, i) => {
          const change = (patch: Partial<Row>) =>
            set(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
          return (
            <li key={i} className="list-input__item">
              <div className="list-input__body binding">
                <select
                  className="input"
                  aria-label={`Binding ${i + 1}: into`}
                  value={row.scope}
                  disabled={scope.readOnly}
                  onChange={(e) => change({ scope: e.target.value })}
                >
                  {field.targets.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </select>
                <input
                  className="input input--mono"
                  aria-label={`Binding ${i + 1}: key`}
                  placeholder="all of it"
                  value={row.target}
                  readOnly={scope.readOnly}
                  onChange={(e) => change({ target: e.target.value })}
                />
                <span className="binding__arrow" aria-hidden="true">
                  ←
                </span>
                <input
                  className="input input--mono"
                  aria-label={`Binding ${i + 1}: from`}
                  placeholder={field.sourceHint}
                  value={row.source}
                  readOnly={scope.readOnly}
                  onChange={(e) => change({ source: e.target.value })}
                />
              </div>
              {!scope.readOnly && (
                <div className="list-input__tools">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove binding ${i + 1}`}
                    onClick={() => set(rows.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!scope.readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() => set([...rows, { scope: first, target: '', source: '' }])}
        >
          + Add binding
        </button>
      )}
    </fieldset>
  );
}
