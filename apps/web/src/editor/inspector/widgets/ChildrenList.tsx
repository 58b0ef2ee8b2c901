import type { ChildrenField } from '@triggerflow/nodes';
import { useDoc } from '../../store/context';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { useNodeName } from '../useNodeName';

/** A batch's branches: the steps inside it, by name, in the order their results are listed. */
export function ChildrenList(props: FieldProps<ChildrenField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const doc = useDoc();
  const nameOf = useNodeName();
  const order = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const move = (from: number, to: number) => {
    const next = [...order];
    const [id] = next.splice(from, 1);
    if (id !== undefined) next.splice(to, 0, id);
    onChange(next);
  };
  return (
    <fieldset className="setting setting--list">
      <legend className="setting__label">{field.label}</legend>
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      {order.length === 0 ? (
        <p className="empty">No steps inside yet.</p>
      ) : (
        <ol className="list-input">
          {order.map((id, i) => {
            const node = byId.get(id);
            const name = node ? nameOf(node) : 'A step that was removed';
            return (
              <li key={id} className="list-input__item">
                <span className="list-input__body">{name}</span>
                {!scope.readOnly && (
                  <span className="list-input__tools">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${name} up`}
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move ${name} down`}
                      disabled={i === order.length - 1}
                      onClick={() => move(i, i + 1)}
                    >
                      ↓
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </fieldset>
  );
}
