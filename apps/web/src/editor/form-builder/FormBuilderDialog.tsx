import { useEffect, useMemo, useRef, useState } from 'react';
import { jsonProblem } from '../inspector/widgets/JsonInput';
import { FieldEditor } from './FieldEditor';
import { FormPreview } from './FormPreview';
import { fieldProblems, modelOf, nameFor, schemaOf, type FormFieldModel } from './form-model';

export interface FormBuilderDialogProps {
  title: string;
  audience: 'approver' | 'runner';
  /** The form now (a JSON Schema of type object), or undefined for none. */
  schema: unknown;
  /** Fields the builder leaves alone (an approval's `decision`, filled by the buttons). */
  hidden: readonly string[];
  onDone: (schema: Record<string, unknown> | undefined) => void;
  onClose: () => void;
  /** A viewer sees the form as its audience will, and changes nothing. */
  readOnly?: boolean;
}

const blank = (taken: ReadonlySet<string>): FormFieldModel => ({
  name: nameFor('New field', taken),
  label: 'New field',
  type: 'text',
  required: false,
  options: [],
  help: '',
  defaultValue: undefined,
});

/**
 * Builds a form field by field, with a live preview of what its audience sees. A form the builder
 * cannot show field by field opens as JSON instead (never silently rewritten).
 */
export function FormBuilderDialog(props: FormBuilderDialogProps) {
  const { title, audience, schema, hidden, onDone, onClose, readOnly = false } = props;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => ref.current?.showModal(), []);
  const initial = useMemo(() => modelOf(schema, hidden), [schema, hidden]);
  const [fields, setFields] = useState<readonly FormFieldModel[]>(
    initial.editable ? initial.fields : [],
  );
  const [json, setJson] = useState(() => JSON.stringify(schema ?? {}, null, 2));
  const keep = initial.editable ? initial.keep : {};
  const built = useMemo(() => schemaOf(fields, keep), [fields, keep]);
  const problems = fieldProblems(fields);
  const jsonWrong = initial.editable ? null : jsonProblem(json);

  const update = (i: number, next: FormFieldModel) =>
    setFields((all) =>
      all.map((f, j) => {
        if (j !== i) return f;
        // The name follows the label until someone changes it by hand.
        const taken = new Set(all.filter((_, k) => k !== i).map((x) => x.name));
        const auto = f.name === nameFor(f.label, taken);
        return auto && next.label !== f.label && next.name === f.name
          ? { ...next, name: nameFor(next.label, taken) }
          : next;
      }),
    );
  const move = (from: number, to: number) =>
    setFields((all) => {
      const next = [...all];
      const [f] = next.splice(from, 1);
      if (f) next.splice(to, 0, f);
      return next;
    });
  const done = () => {
    if (!initial.editable) {
      if (jsonWrong === null) onDone(JSON.parse(json) as Record<string, unknown>);
      return;
    }
    if (problems.size > 0) return;
    onDone(fields.length === 0 && Object.keys(keep).length === 0 ? undefined : built);
  };
  const preview = initial.editable
    ? built
    : jsonWrong === null
      ? (JSON.parse(json) as Record<string, unknown>)
      : null;

  return (
    <dialog
      ref={ref}
      className="editor-dialog editor-dialog--wide form-builder"
      aria-labelledby="form-builder-title"
      onClose={onClose}
    >
      <h2 id="form-builder-title">{title}</h2>
      <div className={`form-builder__body${readOnly ? ' form-builder__body--preview' : ''}`}>
        {!readOnly && (
          <section className="form-builder__fields" aria-label="Fields">
            {initial.editable ? (
              <>
                {audience === 'approver' && (
                  <p className="help">
                    Approve and Reject are always there. Add what the approvers fill in besides.
                  </p>
                )}
                <ol className="builder-fields">
                  {fields.map((field, i) => (
                    <FieldEditor
                      key={i}
                      field={field}
                      index={i}
                      count={fields.length}
                      problems={problems.get(i) ?? []}
                      onChange={(next) => update(i, next)}
                      onMove={(to) => move(i, to)}
                      onRemove={() => setFields((all) => all.filter((_, j) => j !== i))}
                    />
                  ))}
                </ol>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    setFields((all) => [
                      ...all,
                      blank(new Set([...all.map((f) => f.name), ...Object.keys(keep)])),
                    ])
                  }
                >
                  + Add field
                </button>
              </>
            ) : (
              <>
                <p className="notice notice--warning">
                  This form can only be edited as JSON Schema here: {initial.reason}.
                </p>
                <textarea
                  className="input input--mono"
                  aria-label="The form as JSON Schema"
                  rows={16}
                  value={json}
                  onChange={(e) => setJson(e.target.value)}
                />
                {jsonWrong && (
                  <p className="setting__problems" role="alert">
                    {jsonWrong}
                  </p>
                )}
              </>
            )}
          </section>
        )}
        {preview && <FormPreview schema={preview} audience={audience} hidden={hidden} />}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {readOnly ? 'Close' : 'Cancel'}
        </button>
        {!readOnly && (
          <button
            type="button"
            className="button button--primary"
            disabled={problems.size > 0 || jsonWrong !== null}
            onClick={done}
          >
            Use this form
          </button>
        )}
      </div>
    </dialog>
  );
}
