import { z } from 'zod';

/** JSON Schema (draft 2020-12) of a schema, for editors' forms and external tools. */
export const toJsonSchema = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { unrepresentable: 'any' });
