import type { ExpressionField } from '@triggerflow/nodes';
import { useMemo } from 'react';
import { isJsonataSyntaxMessage, type JsonataFieldKind } from '../../model/jsonata-check';
import { useJsonataCheck } from '../../panels/useJsonataCheck';
import { previewText, usePreview } from '../../preview/usePreview';
import { describedBy, FieldFrame } from '../FieldFrame';
import type { FieldProps } from '../field-props';
import { useInspectorScope } from '../inspector-context';
import { useFieldIds } from '../useFieldIds';
import { defaultOf } from '../values';

/** The editor part of an expression: what it stores, how it is checked and previewed. */
export interface ExpressionEditorProps {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly kind: JsonataFieldKind;
  readonly rows?: number | undefined;
  readonly placeholder?: string | undefined;
  /** "What this step passes on": the preview's caption. */
  readonly result?: string | undefined;
  /** Problems from the flow's validation (syntax ones are dropped when the inline check has one). */
  readonly problems: readonly string[];
  readonly describedBy?: string | undefined;
  /** The id of the problems list (what `describedBy` names). */
  readonly problemsId: string;
  readonly onChange: (text: string) => void;
}

/**
 * A JSONata (or `{{ }}` template) text with its syntax error as it is typed, and a live preview
 * of its result on sample data (the input this step had in the last run, or the flow's sample
 * input), evaluated off the main thread.
 */
export function ExpressionEditor(props: ExpressionEditorProps) {
  const { id, text, kind, problems, onChange } = props;
  const scope = useInspectorScope();
  const check = useJsonataCheck();
  const syntax = useMemo(() => check?.(kind, text), [check, kind, text]);
  const source = kind === 'prefixed' ? text.slice(1) : text;
  const preview = usePreview({
    source,
    syntax: kind === 'template' ? 'template' : 'jsonata',
    sample: scope.sample,
    enabled: syntax === undefined && check !== undefined,
  });
  const shown = syntax ? problems.filter((p) => !isJsonataSyntaxMessage(p)) : problems;
  return (
    <>
      <textarea
        id={id}
        className="input input--mono"
        rows={props.rows ?? 2}
        spellCheck={false}
        value={text}
        placeholder={props.placeholder}
        readOnly={scope.readOnly}
        aria-invalid={syntax !== undefined || shown.length > 0 || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {(syntax || shown.length > 0) && (
        <ul className="setting__problems" id={props.problemsId} role="alert">
          {syntax && <li>{syntax.message}</li>}
          {shown.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {scope.sample === null && text.trim() !== '' && (
        <p className="preview__caption">
          To see what this gives, set a sample input in Flow settings or do a dry run.
        </p>
      )}
      {scope.sample && preview && (
        <div className={`preview${preview.ok ? '' : ' preview--failed'}`} aria-live="polite">
          <span className="preview__caption">
            {preview.ok ? (props.result ?? 'Result') : 'Fails'}, with {scope.sample.source}:
          </span>
          <pre className="preview__value" data-testid={`preview-${props.label}`}>
            {preview.ok ? previewText(preview.value) : preview.message}
          </pre>
        </div>
      )}
    </>
  );
}

/** An expression setting: label, editor, help, problems. */
export function ExpressionInput(props: FieldProps<ExpressionField>) {
  const { field, value, schema, required, path, onChange } = props;
  const ids = useFieldIds();
  const scope = useInspectorScope();
  const problems = scope.problemsAt(path);
  const fallback = defaultOf(schema);
  const placeholder =
    field.placeholder ?? (typeof fallback === 'string' ? `Default: ${fallback}` : undefined);
  const text = typeof value === 'string' ? value : '';
  return (
    <FieldFrame bare={props.bare} ids={ids} label={field.label} help={field.help} problems={[]}>
      <ExpressionEditor
        id={ids.control}
        label={field.label}
        text={text}
        kind={field.syntax === 'template' ? 'template' : 'expression'}
        rows={field.rows}
        placeholder={placeholder}
        result={field.result}
        problems={problems}
        describedBy={describedBy(ids, field.help, problems)}
        problemsId={ids.problems}
        onChange={(next) => onChange(next === '' && !required ? undefined : next)}
      />
    </FieldFrame>
  );
}
