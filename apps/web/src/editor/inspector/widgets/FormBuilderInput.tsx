import type { FormBuilderField } from '@triggerflow/nodes';
import { useState } from 'react';
import { FormBuilderDialog } from '../../form-builder/FormBuilderDialog';
import { modelOf, summaryOf } from '../../form-builder/form-model';
import { Problems } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf } from '../values';

/** A form setting: what it asks, in one line, and the builder in a dialog. */
export function FormBuilderInput(props: FieldProps<FormBuilderField>) {
  const { field, value, schema, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const [open, setOpen] = useState(false);
  const form = value ?? defaultOf(schema);
  const hidden = field.audience === 'approver' ? ['decision'] : [];
  const model = modelOf(form, hidden);
  const summary = model.editable ? summaryOf(model.fields) : 'A custom form (JSON Schema)';
  return (
    <div className="setting">
      <span className="setting__label" id={ids.control}>
        {field.label}
      </span>
      <p className="setting__summary" aria-labelledby={ids.control}>
        {field.audience === 'approver' ? `Approve or reject, with: ${summary}` : summary}
      </p>
      <button type="button" className="button button--small" onClick={() => setOpen(true)}>
        {scope.readOnly ? 'See the form' : 'Edit the form…'}
      </button>
      {field.help && <p className="setting__help">{field.help}</p>}
      <Problems id={ids.problems} problems={problems} />
      {open && (
        <FormBuilderDialog
          title={field.label}
          audience={field.audience}
          schema={form}
          hidden={hidden}
          readOnly={scope.readOnly}
          onDone={(next) => {
            onChange(next);
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
