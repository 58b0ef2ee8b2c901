/**
 * The validation worker's logic, without the worker (tested directly): keeps the validator of the
 * last catalog and answers each blueprint with its issues, or with the error that stopped it.
 */
import type { Blueprint } from '@triggerflow/blueprint';
import { createEditorValidator } from './editor-issues';
import type { ValidationRequest, ValidationResponse } from './validation-protocol';
import type { ElementIssues } from './validation';

export function createValidationHandler(): (
  request: ValidationRequest,
) => ValidationResponse | null {
  let validate: ((blueprint: Blueprint) => ElementIssues) | undefined;
  return (request) => {
    if (request.type === 'catalog') {
      validate = createEditorValidator(request.entries);
      return null;
    }
    if (validate === undefined) {
      return { id: request.id, ok: false, error: 'the validation worker has no catalog yet' };
    }
    try {
      return { id: request.id, ok: true, issues: validate(request.blueprint) };
    } catch (error) {
      return {
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };
}
