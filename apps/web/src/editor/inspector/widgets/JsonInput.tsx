import type { JsonField } from '@triggerflow/nodes';
import { useEffect, useState } from 'react';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';

const show = (value: unknown): string =>
  value === undefined ? '' : (JSON.stringify(value, null, 2) ?? '');

/** A number JSON text can hold but JSON cannot carry (`1e999` parses to Infinity). */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasNonFinite);
}

/** Where JSON text stops parsing, in words ("line 2, column 5: Unexpected token"). */
export function jsonProblem(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    return hasNonFinite(value) ? 'A number is too large to keep (such as 1e999)' : null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (at === null) return `Not valid JSON: ${message}`;
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = Number(at[1]) - before.lastIndexOf('\n');
    return `Not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
  }
}

/**
 * Any JSON value, typed as JSON and checked as typed; the setting changes only when the text is
 * valid (an empty text removes it).
 */
export function JsonInput(props: FieldProps<JsonField>) {
  const { field, value, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const [text, setText] = useState(() => show(value));
  const [problem, setProblem] = useState<string | null>(null);
  // Undo / redo change the value from outside: follow it unless it is what the text says.
  useEffect(() => {
    setText((current) => {
      try {
        if (current.trim() !== '' && JSON.stringify(JSON.parse(current)) === JSON.stringify(value))
          return current;
      } catch {
        // the text is mid-edit: the stored value wins
      }
      return show(value);
    });
  }, [value]);
  const problems = [...(problem ? [problem] : []), ...scope.problemsAt(path)];
  return (
    <FieldFrame
      bare={props.bare}
      ids={ids}
      label={field.label}
      help={field.help}
      problems={problems}
    >
      <textarea
        id={ids.control}
        className="input input--mono"
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        value={text}
        placeholder={field.placeholder}
        readOnly={scope.readOnly}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={describedBy(ids, field.help, problems)}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') {
            setProblem(null);
            onChange(undefined);
            return;
          }
          const wrong = jsonProblem(next);
          setProblem(wrong);
          if (wrong === null) onChange(JSON.parse(next) as unknown);
        }}
      />
    </FieldFrame>
  );
}
