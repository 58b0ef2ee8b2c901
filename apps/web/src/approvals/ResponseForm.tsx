import Form from '@rjsf/core';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { memo, useMemo } from 'react';
import type { FieldErrors } from './decision';
import { formSchema, formValidator } from '../forms/form-validator';

export interface ResponseFormProps {
  /** The prompt's form (a JSON Schema of type object). */
  schema: Record<string, unknown>;
  /** Fields the buttons fill (`decision`): not shown. */
  hidden: readonly string[];
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** Problems by field: the form's own check before sending, then the server's. */
  errors: FieldErrors;
  idPrefix: string;
  disabled: boolean;
}

/**
 * The prompt's response form, generated from its JSON Schema by @rjsf/core. It does not submit:
 * the dialog's buttons check it (`checkResponse`) and send it.
 */
export const ResponseForm = memo(function ResponseForm(props: ResponseFormProps) {
  const { schema, hidden, value, onChange, errors, idPrefix, disabled } = props;
  const clean = useMemo(() => formSchema(schema), [schema]);
  const ui = useMemo(() => {
    const spec: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
    for (const field of hidden) spec[field] = { 'ui:widget': 'hidden' };
    return spec;
  }, [hidden]);
  return (
    <Form
      className="response-form"
      schema={clean}
      uiSchema={ui}
      formData={value}
      validator={formValidator}
      showErrorList={false}
      noHtml5Validate
      idPrefix={idPrefix}
      disabled={disabled}
      extraErrors={errors as ErrorSchema}
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
});
