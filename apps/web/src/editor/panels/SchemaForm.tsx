import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { memo, useMemo } from 'react';

const UI: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

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

export interface SchemaFormProps {
  /** A JSON Schema object (`$schema` is dropped: the validator speaks draft 7). */
  schema: Record<string, unknown>;
  value: unknown;
  /** Every edit, with the field's id (`root_expression`) to coalesce undo steps per field. */
  onChange: (value: unknown, field: string) => void;
  /** Problems found elsewhere (the server's JSONata check), by field. */
  extraErrors?: ErrorSchema;
  idPrefix: string;
}

/** A form generated from a JSON Schema (@rjsf/core), validated live. */
export const SchemaForm = memo(function SchemaForm(props: SchemaFormProps) {
  const { schema, value, onChange, extraErrors, idPrefix } = props;
  const clean = useMemo(() => {
    const rest: RJSFSchema = { ...schema };
    delete rest.$schema;
    return rest;
  }, [schema]);
  const ui = useMemo(() => uiFor(schema), [schema]);
  return (
    <Form
      schema={clean}
      uiSchema={ui}
      formData={value ?? {}}
      validator={validator}
      liveValidate="onChange"
      showErrorList={false}
      idPrefix={idPrefix}
      {...(extraErrors && { extraErrors })}
      onChange={(event, field) => {
        // rjsf also reports the defaults it fills in when a form opens (no field id, no edit by
        // the user): that is not an edit, so it must not dirty the flow or add an undo step.
        if (field === undefined) return;
        onChange(event.formData, field);
      }}
    />
  );
});
