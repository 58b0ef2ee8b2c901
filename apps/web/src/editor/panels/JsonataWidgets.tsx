/**
 * @rjsf widgets for string fields that check JSONata as it is typed (issue 6). A field whose
 * schema marks it as JSONata (model/jsonata-check.ts: `jsonataFieldKind`) gets a monospace input
 * with its syntax error under it (`role="alert"`, tied to the input by `aria-describedby`, the
 * input `aria-invalid`); every other string field keeps rjsf's own widget.
 */
import { getDefaultRegistry } from '@rjsf/core';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { useMemo, type ChangeEvent, type ComponentType, type FocusEvent } from 'react';
import { checkJsonataField, jsonataFieldKind } from '../model/jsonata-check';
import { JsonataError } from './JsonataError';

/** rjsf's own widget by name (an invariant of @rjsf/core: it always ships these). */
function rjsfWidget(name: 'TextWidget' | 'TextareaWidget'): ComponentType<WidgetProps> {
  const widget = getDefaultRegistry().widgets[name];
  if (widget === undefined) throw new Error(`@rjsf/core has no ${name}`);
  return widget;
}

function jsonataWidget(multiline: boolean, fallback: ComponentType<WidgetProps>) {
  return function JsonataWidget(props: WidgetProps) {
    const { id, schema, options, onChange, onBlur, onFocus } = props;
    const value: unknown = props.value;
    const kind = jsonataFieldKind(schema);
    const text = typeof value === 'string' ? value : '';
    const problem = useMemo(() => kind && checkJsonataField(kind, text), [kind, text]);
    if (kind === undefined) {
      const Fallback = fallback;
      return <Fallback {...props} />;
    }
    const errorId = `${id}__jsonata`;
    const common = {
      id,
      name: props.htmlName ?? id,
      className: 'form-control input--mono',
      value: text,
      placeholder: props.placeholder,
      required: props.required,
      disabled: props.disabled,
      readOnly: props.readonly,
      autoFocus: props.autofocus,
      spellCheck: false,
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': problem ? `${errorId} ${ariaDescribedByIds(id)}` : ariaDescribedByIds(id),
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        onChange(e.target.value === '' ? options.emptyValue : e.target.value),
      onBlur: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => onBlur(id, e.target.value),
      onFocus: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        onFocus(id, e.target.value),
    };
    return (
      <>
        {multiline ? (
          <textarea {...common} rows={typeof options.rows === 'number' ? options.rows : 2} />
        ) : (
          <input type="text" {...common} />
        )}
        {problem && <JsonataError id={errorId} message={problem.message} />}
      </>
    );
  };
}

export const JsonataTextWidget = jsonataWidget(false, rjsfWidget('TextWidget'));
export const JsonataTextareaWidget = jsonataWidget(true, rjsfWidget('TextareaWidget'));
