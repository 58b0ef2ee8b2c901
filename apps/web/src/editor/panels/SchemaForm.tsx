import type { ErrorSchema } from '@rjsf/utils';
import { lazy, memo, Suspense } from 'react';

// The form library (@rjsf + ajv, ~400 kB) loads when a form is first shown, not with the editor.
const SchemaFormBody = lazy(() => import('./SchemaFormBody'));

export interface SchemaFormProps {
  /** A JSON Schema object (read as JSON Schema 2020-12, as the server does). */
  schema: Record<string, unknown>;
  value: unknown;
  /** Every edit, with the field's id (`root_expression`) to coalesce undo steps per field. */
  onChange: (value: unknown, field: string) => void;
  /** Problems found elsewhere (the server's config check), by field. */
  extraErrors?: ErrorSchema;
  idPrefix: string;
}

/**
 * A form generated from a JSON Schema (@rjsf/core), validated live; fields holding JSONata show
 * its syntax errors as they are typed (JsonataWidgets).
 */
export const SchemaForm = memo(function SchemaForm(props: SchemaFormProps) {
  return (
    <Suspense
      fallback={
        <p className="help" role="status">
          Loading the form…
        </p>
      }
    >
      <SchemaFormBody {...props} />
    </Suspense>
  );
});
