import type { ToggleField } from '@triggerflow/nodes';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf } from '../values';

/** On or off, with the label beside the box. */
export function Toggle(props: FieldProps<ToggleField>) {
  const { field, value, schema, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const checked = typeof value === 'boolean' ? value : defaultOf(schema) === true;
  return (
    <div className="setting setting--toggle">
      <label className="setting__check">
        <input
          id={ids.control}
          type="checkbox"
          checked={checked}
          disabled={scope.readOnly}
          aria-describedby={field.help ? ids.help : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{field.label}</span>
      </label>
      {field.help && (
        <p className="setting__help" id={ids.help}>
          {field.help}
        </p>
      )}
      <Problems id={ids.problems} problems={problems} />
    </div>
  );
}
