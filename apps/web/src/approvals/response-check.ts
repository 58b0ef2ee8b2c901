import type { ShownIssue } from '../api/errors';
import { formSchema, formValidator } from '../forms/form-validator';

export { formSchema };

/** The response checked against the form before sending: problems by field, none when valid. */
export function checkResponse(schema: Record<string, unknown>, response: unknown): ShownIssue[] {
  const { errors } = formValidator.validateFormData(response, formSchema(schema));
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
