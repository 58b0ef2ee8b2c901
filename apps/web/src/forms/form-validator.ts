import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';

/**
 * The validator of every form in the studio (approval answers, run inputs, step settings): Ajv
 * reading JSON Schema 2020-12, the draft the server checks answers and inputs with
 * (`apps/server/src/json-schema`), so a form never accepts what the server then refuses. `format`
 * is not checked, as on the server.
 */
export const formValidator = customizeValidator({
  AjvClass: Ajv2020,
  ajvOptionsOverrides: { validateFormats: false },
});

/**
 * A schema as the forms read it: without `$schema`, so every schema is read as 2020-12 (the
 * draft zod writes and the server uses), whatever URL it names.
 */
export function formSchema(schema: Record<string, unknown>): RJSFSchema {
  const rest: RJSFSchema = { ...schema };
  delete rest.$schema;
  return rest;
}
