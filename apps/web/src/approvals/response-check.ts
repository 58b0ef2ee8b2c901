import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { ShownIssue } from '../api/errors';

/** A JSON Schema without `$schema` (the validator speaks draft 7, zod writes 2020-12). */
export function formSchema(schema: Record<string, unknown>): RJSFSchema {
  const rest: RJSFSchema = { ...schema };
  delete rest.$schema;
  return rest;
}

/** The response checked against the form before sending: problems by field, none when valid. */
export function checkResponse(schema: Record<string, unknown>, response: unknown): ShownIssue[] {
  const { errors } = validator.validateFormData(response, formSchema(schema));
  return errors.map((error) => ({
    field: responseField(error.property),
    message: error.message ?? error.stack,
  }));
}

/** rjsf names fields `comment` (a missing one), `.comment`, `.items.0.name`: the server's form is `response.comment`. */
export function responseField(property: string | undefined): string {
  const path = (property ?? '').replace(/^\./, '');
  return path === '' ? 'response' : `response.${path}`;
}
