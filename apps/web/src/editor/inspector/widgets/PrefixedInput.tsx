import type { ValueOrExpressionField } from '@triggerflow/nodes';
import { useState } from 'react';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { ExpressionEditor } from './ExpressionInput';
import { ModeSwitch, type ValueMode } from './ModeSwitch';

/** A JSONata string literal's text, when `source` is exactly one (`"abc"` → `abc`). */
function literalText(source: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(source.trim());
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Text that is either a fixed value or, after `=`, an expression (the http node's URL and
 * headers), behind an explicit Value | Expression switch. A fixed value starting with `=` is
 * stored as an expression that gives that text, so nothing is ever misread.
 */
export function PrefixedInput(props: FieldProps<ValueOrExpressionField>) {
  const { field, value, required, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const stored = typeof value === 'string' ? value : '';
  const [chosen, setChosen] = useState<ValueMode>(stored.startsWith('=') ? 'expression' : 'value');
  const mode: ValueMode = stored === '' ? chosen : stored.startsWith('=') ? 'expression' : 'value';
  const store = (next: string) => onChange(next === '' && !required ? undefined : next);
  const switchTo = (next: ValueMode) => {
    setChosen(next);
    if (stored === '') return;
    if (next === 'expression') store(`=${JSON.stringify(stored)}`);
    else store(literalText(stored.slice(1)) ?? '');
  };
  const label = field.label;
  const aside = (
    <ModeSwitch label={label} mode={mode} disabled={scope.readOnly} onChange={switchTo} />
  );
  return (
    <FieldFrame
      bare={props.bare}
      ids={ids}
      label={label}
      help={field.help}
      problems={mode === 'value' ? problems : []}
      aside={aside}
    >
      {mode === 'value' ? (
        <input
          id={ids.control}
          className="input"
          value={stored}
          placeholder={field.placeholder}
          readOnly={scope.readOnly}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy(ids, field.help, problems)}
          onChange={(e) => {
            const text = e.target.value;
            store(text.startsWith('=') ? `=${JSON.stringify(text)}` : text);
          }}
        />
      ) : (
        <ExpressionEditor
          id={ids.control}
          label={label}
          text={stored.slice(1)}
          kind="expression"
          problems={problems}
          problemsId={ids.problems}
          describedBy={describedBy(ids, field.help, problems)}
          placeholder='"https://api.example.com/users/" & input.id'
          onChange={(text) => store(text === '' ? '' : `=${text}`)}
        />
      )}
    </FieldFrame>
  );
}
