import type { BytesField, DurationField } from '@triggerflow/nodes';
import { useState } from 'react';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { BYTE_UNITS, DURATION_UNITS, inUnit, unitFor, type Unit } from '../units';
import { defaultOf } from '../values';

/**
 * A duration (stored in ms) or a size (stored in bytes), typed as a number and a unit: "Wait at
 * most [10] [minutes]". The unit the person picked stays while they type.
 */
export function AmountInput(props: FieldProps<DurationField | BytesField>) {
  const { field, value, schema, path, onChange } = props;
  const units = field.widget === 'duration' ? DURATION_UNITS : BYTE_UNITS;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const fallback = defaultOf(schema);
  const amount = typeof value === 'number' ? value : typeof fallback === 'number' ? fallback : null;
  const [picked, setPicked] = useState<Unit>(() => unitFor(amount ?? 0, units));
  const unit = picked;
  const set = (n: number, u: Unit) => {
    if (Number.isNaN(n)) onChange(undefined);
    else if (Number.isFinite(n * u.size)) onChange(Math.round(n * u.size));
  };
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
          min={0}
          step="any"
          value={amount === null ? '' : inUnit(amount, unit)}
          readOnly={scope.readOnly}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy(ids, field.help, problems)}
          onChange={(e) => set(e.target.valueAsNumber, unit)}
        />
        <select
          className="input setting__unit-select"
          aria-label={`${field.label}: unit`}
          value={unit.label}
          disabled={scope.readOnly}
          onChange={(e) => {
            const next = units.find((u) => u.label === e.target.value) ?? unit;
            setPicked(next);
            if (amount !== null) set(inUnit(amount, unit), next);
          }}
        >
          {units.map((u) => (
            <option key={u.label} value={u.label}>
              {u.label}
            </option>
          ))}
        </select>
      </div>
    </FieldFrame>
  );
}
