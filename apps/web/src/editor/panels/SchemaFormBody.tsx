import Form from '@rjsf/core';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { memo, useMemo } from 'react';
import { formSchema, formValidator } from '../../forms/form-validator';
import { isJsonataSyntaxMessage } from '../model/jsonata-check';
import type { SchemaFormProps } from './SchemaForm';
import { JsonataTextareaWidget, JsonataTextWidget } from './JsonataWidgets';

const UI: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

/** String fields check JSONata syntax as they change when their schema says they hold JSONata. */
const WIDGETS = { TextWidget: JsonataTextWidget, TextareaWidget: JsonataTextareaWidget };

/** Marks JSONata fields (their description says so) as monospace text areas. */
function uiFor(schema: Record<string, unknown>): UiSchema {
  const props = (schema['properties'] ?? {}) as Record<
    string,
    { description?: string; type?: unknown }
  >;
  const ui: UiSchema = { ...UI };
  for (const [key, prop] of Object.entries(props)) {
    if (prop.type === 'string' && /JSONata|expression/i.test(prop.description ?? '')) {
      ui[key] = {
        'ui:widget': 'textarea',
        'ui:options': { rows: 2 },
        classNames: 'field--jsonata',
      };
    }
  }
  return ui;
}

/** `errors` without the JSONata syntax errors the fields report themselves (no duplicates). */
function withoutSyntaxErrors(errors: ErrorSchema): ErrorSchema | undefined {
  const out: Record<string, { __errors: string[] }> = {};
  for (const [field, entry] of Object.entries(errors as Record<string, { __errors?: string[] }>)) {
    const kept = (entry.__errors ?? []).filter((m) => !isJsonataSyntaxMessage(m));
    if (kept.length > 0) out[field] = { __errors: kept };
  }
  return Object.keys(out).length > 0 ? (out as ErrorSchema) : undefined;
}

/** The @rjsf form itself (loaded on first use: see SchemaForm). */
const SchemaFormBody = memo(function SchemaFormBody(props: SchemaFormProps) {
  const { schema, value, onChange, extraErrors, idPrefix } = props;
  const clean = useMemo(() => formSchema(schema), [schema]);
  const ui = useMemo(() => uiFor(schema), [schema]);
  const errors = useMemo(() => extraErrors && withoutSyntaxErrors(extraErrors), [extraErrors]);
  return (
    <Form
      schema={clean}
      uiSchema={ui}
      widgets={WIDGETS}
      formData={value ?? {}}
      validator={formValidator}
      liveValidate="onChange"
      showErrorList={false}
      idPrefix={idPrefix}
      {...(errors && { extraErrors: errors })}
      onChange={(event, field) => {
        // rjsf also reports the defaults it fills in when a form opens (no field id, no edit by
        // the user): that is not an edit, so it must not dirty the flow or add an undo step.
        if (field === undefined) return;
        onChange(event.formData, field);
      }}
    />
  );
});

export default SchemaFormBody;
