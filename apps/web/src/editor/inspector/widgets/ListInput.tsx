import type { ListField } from '@triggerflow/nodes';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { FieldView } from '../FieldView';
import { useInspectorScope } from '../inspector-context';
import { SettingsFields } from '../SettingsFields';
import { useFieldIds } from '../useFieldIds';
import { itemsOf } from '../values';

/** A list setting's items (a single string where a list is allowed counts as one item). */
const itemsFrom = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

/** An empty item for a new row: text for text items, an object for grouped ones. */
const emptyItem = (field: ListField): unknown => (field.item.widget === 'group' ? {} : '');

/**
 * A list of items ("Category 1", "Rule 2"), each edited by the item's field, with add, remove and
 * move up / down. Removing the last item removes the setting unless the schema needs it.
 */
export function ListInput(props: FieldProps<ListField>) {
  const { field, value, schema, required, path, root, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const items = itemsFrom(value);
  const itemSchema = itemsOf(schema);
  const set = (next: unknown[]) => onChange(next.length === 0 && !required ? undefined : next);
  const move = (from: number, to: number) => {
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    set(next);
  };
  const grouped = field.item.widget === 'group';
  return (
    <fieldset className={`setting setting--list${problems.length > 0 ? ' setting--invalid' : ''}`}>
      <legend className="setting__label">{field.label}</legend>
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      <ol className={grouped ? 'list-input list-input--cards' : 'list-input'}>
        {items.map((item, i) => {
          const title = `${field.itemLabel} ${i + 1}`;
          const change = (next: unknown) => set(items.map((x, j) => (j === i ? next : x)));
          return (
            <li key={i} className="list-input__item">
              <div className="list-input__body">
                {grouped && field.item.widget === 'group' ? (
                  <>
                    <span className="list-input__title">{title}</span>
                    <SettingsFields
                      fields={field.item.fields}
                      value={item}
                      schema={itemSchema}
                      path={[...path, i]}
                      root={root}
                      onChange={change}
                    />
                  </>
                ) : (
                  <FieldView
                    field={{ ...field.item, label: title }}
                    value={item}
                    schema={itemSchema}
                    required
                    bare
                    path={[...path, i]}
                    root={root}
                    onChange={(next) => change(next ?? '')}
                  />
                )}
              </div>
              {!scope.readOnly && (
                <div className="list-input__tools">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${title} up`}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${title} down`}
                    disabled={i === items.length - 1}
                    onClick={() => move(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${title}`}
                    onClick={() => set(items.filter((_, j) => j !== i))}
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
          onClick={() => set([...items, emptyItem(field)])}
        >
          + {field.addLabel}
        </button>
      )}
    </fieldset>
  );
}
