import type { TextField } from '@triggerflow/nodes';
import { useState } from 'react';
import { Markdown } from '../../../approvals/Markdown';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf } from '../values';

/** Plain text: one line, or several (markdown with a preview); suggestions from the flow. */
export function TextInput(props: FieldProps<TextField>) {
  const { field, value, schema, required, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const [preview, setPreview] = useState(false);
  const text = typeof value === 'string' ? value : '';
  const fallback = defaultOf(schema);
  const placeholder =
    field.placeholder ?? (typeof fallback === 'string' ? `Default: ${fallback}` : undefined);
  const change = (next: string) => onChange(next === '' && !required ? undefined : next);
  const common = {
    id: ids.control,
    value: text,
    placeholder,
    readOnly: scope.readOnly,
    'aria-invalid': problems.length > 0 || undefined,
    'aria-describedby': describedBy(ids, field.help, problems),
  };
  const suggestions = field.suggest ? scope.suggestions(field.suggest) : [];
  const listId = suggestions.length > 0 ? `${ids.control}-suggestions` : undefined;
  return (
    <FieldFrame
      bare={props.bare}
      ids={ids}
      label={field.label}
      help={field.help}
      problems={problems}
      aside={
        field.markdown && (
          <button
            type="button"
            className="setting__switch"
            aria-pressed={preview}
            onClick={() => setPreview(!preview)}
          >
            {preview ? 'Edit' : 'Preview'}
          </button>
        )
      }
    >
      {preview ? (
        <div className="setting__markdown">
          <Markdown source={text} />
        </div>
      ) : field.rows ? (
        <textarea
          {...common}
          className="input"
          rows={field.rows}
          onChange={(e) => change(e.target.value)}
        />
      ) : (
        <input
          {...common}
          className="input"
          list={listId}
          onChange={(e) => change(e.target.value)}
        />
      )}
      {listId && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </FieldFrame>
  );
}
