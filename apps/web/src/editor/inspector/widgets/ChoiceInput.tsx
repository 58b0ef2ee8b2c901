import type { ChoiceField, ChoiceOption } from '@triggerflow/nodes';
import { describedBy, FieldFrame, Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf, read } from '../values';

/** The options: the field's own, or the strings of another setting (a classify's categories). */
function optionsOf(field: ChoiceField, root: unknown): readonly ChoiceOption[] {
  if (field.optionsFrom === undefined) return field.options ?? [];
  const list = read(root, field.optionsFrom);
  if (!Array.isArray(list)) return [];
  return list
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((v) => ({ value: v, label: v }));
}

/**
 * One of a few options: side-by-side buttons, a list with explanations, or a menu; several
 * options as check boxes (`many`).
 */
export function ChoiceInput(props: FieldProps<ChoiceField>) {
  const { field, value, schema, path, root, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const options = optionsOf(field, root);
  const current = value ?? defaultOf(schema);
  const explained = options.some((o) => o.help);

  if (field.many === true) {
    const picked = new Set(Array.isArray(current) ? current : []);
    return (
      <fieldset className="setting" aria-describedby={describedBy(ids, field.help, problems)}>
        <legend className="setting__label">{field.label}</legend>
        {options.map((o) => (
          <label key={o.value} className="setting__check">
            <input
              type="checkbox"
              checked={picked.has(o.value)}
              disabled={scope.readOnly}
              onChange={(e) => {
                const next = options
                  .map((x) => x.value)
                  .filter((v) => (v === o.value ? e.target.checked : picked.has(v)));
                onChange(next);
              }}
            />
            <span>{o.label}</span>
          </label>
        ))}
        {field.help && <p className="setting__help">{field.help}</p>}
        <Problems id={ids.problems} problems={problems} />
      </fieldset>
    );
  }

  const buttons = field.display === 'buttons' && options.every((o) => o.label.length <= 12);
  if (buttons || (field.display !== 'menu' && explained && options.length <= 4)) {
    return (
      <fieldset
        className={`setting${problems.length > 0 ? ' setting--invalid' : ''}`}
        aria-describedby={describedBy(ids, field.help, problems)}
      >
        <legend className="setting__label">{field.label}</legend>
        <div className={buttons ? 'segmented' : 'choice-list'}>
          {options.map((o) => (
            <label key={o.value} className={buttons ? 'segmented__item' : 'choice-list__item'}>
              <input
                type="radio"
                name={ids.control}
                value={o.value}
                checked={current === o.value}
                disabled={scope.readOnly}
                onChange={() => onChange(o.value)}
              />
              <span>
                {o.label}
                {o.help && !buttons && <span className="choice-list__help">{o.help}</span>}
              </span>
            </label>
          ))}
        </div>
        {field.help && (
          <p className="setting__help" id={ids.help}>
            {field.help}
          </p>
        )}
        <Problems id={ids.problems} problems={problems} />
      </fieldset>
    );
  }

  const known = options.some((o) => o.value === current);
  return (
    <FieldFrame
      bare={props.bare}
      ids={ids}
      label={field.label}
      help={field.help}
      problems={problems}
    >
      <select
        id={ids.control}
        className="input"
        value={known ? String(current) : ''}
        disabled={scope.readOnly}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={describedBy(ids, field.help, problems)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        {!known && (
          <option value="">{options.length === 0 ? 'Nothing to pick yet' : 'Pick one…'}</option>
        )}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
