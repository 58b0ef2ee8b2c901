/**
 * Everything the editor checks in the browser, in one pure function (run by the validation worker,
 * validation.worker.ts): the engine's `validateBlueprint` against the catalog with match-case
 * expressions parsed as JSONata, plus the JSONata syntax of every chunk config's JSONata fields.
 */
import type { Blueprint } from '@triggerflow/blueprint';
import type { ConditionHandler } from '@triggerflow/engine';
import { formatJsonataError, parseFailure } from './jsonata-check';
import { jsonataConfigIssues, type ConfigSchemaEntry } from './jsonata-fields';
import {
  catalogRegistry,
  issuesByElement,
  type CatalogKind,
  type ElementIssues,
} from './validation';

export type ValidationCatalogEntry = CatalogKind & ConfigSchemaEntry;

/** A match case's `expression`: throws what is wrong with its syntax (it never runs here). */
export function jsonataCondition(source: string): ConditionHandler {
  const failure = parseFailure(source);
  if (failure) throw new Error(formatJsonataError(failure, source));
  return () => false;
}

/** A validator for one catalog (the registry is built once). */
export function createEditorValidator(
  entries: readonly ValidationCatalogEntry[],
): (blueprint: Blueprint) => ElementIssues {
  const registry = catalogRegistry(entries, { compileExpression: jsonataCondition });
  return (blueprint) =>
    issuesByElement(blueprint, registry, jsonataConfigIssues(blueprint, entries));
}
