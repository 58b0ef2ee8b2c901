import type { KeyValueField } from '@triggerflow/nodes';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { FieldView } from '../FieldView';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { isRecord } from '../values';

/**
 * Named values (request headers): a name and a value per row. Rows keep their order while names
 * are typed; two rows with one name keep the last.
 */
export function KeyValueInput(props: FieldProps<KeyValueField>) {
  const { field, value, path, root, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const rows = Object.entries(isRecord(value) ? value : {});
  const set = (next: [string, unknown][]) =>
    onChange(next.length === 0 ? undefined : Object.fromEntries(next));
  return (
    <fieldset className="setting setting--list">
      <legend className="setting__label">{field.label}</legend>
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      <ol className="list-input list-input--cards">
        {rows.map(([name, item], i) => (
          <li key={i} className="list-input__item">
            <div className="list-input__body">
              <label className="setting">
                <span className="setting__label">{field.keyLabel}</span>
                <input
                  className="input"
                  value={name}
                  readOnly={scope.readOnly}
                  onChange={(e) => set(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
                />
              </label>
              <FieldView
                field={field.value}
                value={item}
                schema={undefined}
                required
                path={[...path, name]}
                root={root}
                onChange={(next) => set(rows.map((r, j) => (j === i ? [r[0], next ?? ''] : r)))}
              />
            </div>
            {!scope.readOnly && (
              <div className="list-input__tools">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${field.keyLabel.toLowerCase()} ${name || i + 1}`}
                  onClick={() => set(rows.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {!scope.readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() => set([...rows, [`${field.keyLabel}-${rows.length + 1}`, '']])}
        >
          + {field.addLabel}
        </button>
      )}
    </fieldset>
  );
}
