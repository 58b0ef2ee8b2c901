import { FIELD_TYPES, type FieldType, type FormFieldModel } from './form-model';

/** A prefilled value as an input shows it. */
const text = (value: unknown): string =>
  value === undefined
    ? ''
    : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);

/** The prefilled value's input, for the field's type. */
function DefaultInput(props: {
  field: FormFieldModel;
  onChange: (value: unknown) => void;
  id: string;
}) {
  const { field, onChange, id } = props;
  const value = field.defaultValue;
  if (field.type === 'boolean' || field.type === 'choice') {
    const options = field.type === 'boolean' ? ['true', 'false'] : field.options;
    return (
      <select
        id={id}
        className="input"
        value={text(value)}
        onChange={(e) => {
          const v = e.target.value;
          onChange(v === '' ? undefined : field.type === 'boolean' ? v === 'true' : v);
        }}
      >
        <option value="">Nothing</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {field.type === 'boolean' ? (o === 'true' ? 'Yes' : 'No') : o}
          </option>
        ))}
      </select>
    );
  }
  const numeric = field.type === 'number' || field.type === 'integer';
  return (
    <input
      id={id}
      className="input"
      type={numeric ? 'number' : field.type === 'date' ? 'date' : 'text'}
      value={text(value)}
      onChange={(e) => {
        const v = e.target.value;
        if (v === '') onChange(undefined);
        else onChange(numeric ? Number(v) : v);
      }}
    />
  );
}

/** One field of the form being built: label, type, required, options, help, prefill, name. */
export function FieldEditor(props: {
  field: FormFieldModel;
  index: number;
  count: number;
  problems: readonly string[];
  onChange: (field: FormFieldModel) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { field, index, count, problems, onChange, onMove, onRemove } = props;
  const id = `form-field-${index}`;
  const set = (patch: Partial<FormFieldModel>) => onChange({ ...field, ...patch });
  const title = field.label.trim() || `Field ${index + 1}`;
  return (
    <li className={`builder-field${problems.length > 0 ? ' builder-field--invalid' : ''}`}>
      <div className="builder-field__head">
        <span className="builder-field__number">{index + 1}</span>
        <label className="builder-field__label">
          <span className="visually-hidden">Label of field {index + 1}</span>
          <input
            className="input"
            value={field.label}
            placeholder="Label, e.g. Comment"
            onChange={(e) => set({ label: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move ${title} up`}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move ${title} down`}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove ${title}`}
          onClick={onRemove}
        >
          ×
        </button>
      </div>
      <div className="builder-field__grid">
        <label className="setting">
          <span className="setting__label">Type</span>
          <select
            className="input"
            aria-label={`Type of ${title}`}
            value={field.type}
            onChange={(e) => set({ type: e.target.value as FieldType, defaultValue: undefined })}
          >
            {FIELD_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="setting__check builder-field__required">
          <input
            type="checkbox"
            checked={field.required}
            aria-label={`${title} is required`}
            onChange={(e) => set({ required: e.target.checked })}
          />
          <span>Required</span>
        </label>
      </div>
      {field.type === 'choice' && (
        <fieldset className="setting">
          <legend className="setting__label">Options</legend>
          <ol className="list-input">
            {field.options.map((option, i) => (
              <li key={i} className="list-input__item">
                <input
                  className="input"
                  aria-label={`Option ${i + 1} of ${title}`}
                  value={option}
                  onChange={(e) =>
                    set({ options: field.options.map((o, j) => (j === i ? e.target.value : o)) })
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove option ${i + 1} of ${title}`}
                  onClick={() => set({ options: field.options.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button--small"
            onClick={() => set({ options: [...field.options, ''] })}
          >
            + Add option
          </button>
        </fieldset>
      )}
      <div className="builder-field__pair">
        <label className="setting">
          <span className="setting__label">Help under the field</span>
          <input
            className="input"
            aria-label={`Help of ${title}`}
            value={field.help}
            onChange={(e) => set({ help: e.target.value })}
          />
        </label>
        <div className="setting">
          <label className="setting__label" htmlFor={`${id}-default`}>
            Prefilled with
          </label>
          <DefaultInput
            field={field}
            id={`${id}-default`}
            onChange={(defaultValue) => set({ defaultValue })}
          />
        </div>
      </div>
      <label className="setting builder-field__name">
        <span className="setting__label">Name in the answer</span>
        <input
          className="input input--mono"
          aria-label={`Name in the answer of ${title}`}
          value={field.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <span className="setting__help">
          What expressions read, e.g. response.{field.name || 'name'}.
        </span>
      </label>
      {problems.length > 0 && (
        <ul className="setting__problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
