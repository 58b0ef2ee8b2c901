import type { NumberField } from '@triggerflow/nodes';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf } from '../values';

/** A number with its unit; an empty one is "No limit" (or the default) where the field says so. */
export function NumberInput(props: FieldProps<NumberField>) {
  const { field, value, schema, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const fallback = defaultOf(schema);
  const shown = typeof value === 'number' ? value : typeof fallback === 'number' ? fallback : '';
  const emptyValue = field.empty?.stored === 'null' ? null : undefined;
  return (
    <FieldFrame
      bare={props.bare}
      ids={ids}
      label={field.label}
      help={field.help}
      problems={problems}
    >
      <div className="setting__row">
        <input
          id={ids.control}
          className="input setting__number"
          type="number"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          min={field.min}
          max={field.max}
          step={field.integer ? 1 : 'any'}
          value={shown}
          placeholder={field.empty?.label}
          readOnly={scope.readOnly}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy(ids, field.help, problems)}
          onChange={(e) => {
            const n = e.target.valueAsNumber;
            if (Number.isNaN(n)) onChange(emptyValue);
            else if (Number.isFinite(n)) onChange(n);
          }}
        />
        {field.unit && <span className="setting__unit">{field.unit}</span>}
      </div>
    </FieldFrame>
  );
}
