/**
 * What static validation (`validateBlueprint`) and migrations report. Every problem is data: a
 * closed code, who it blocks (`error` stops a run, `warning` is advice), a message that names the
 * node or edge and what was expected, and a path into the blueprint JSON for the editor's markers.
 */
export type BlueprintIssueCode =
  // Shape and version
  | 'INVALID_SCHEMA'
  /** A key that would touch an object's prototype (`__proto__`, `constructor`, `prototype`). */
  | 'FORBIDDEN_KEY'
  /** Infinity or NaN: JSON cannot hold it (it would be saved as null). */
  | 'NON_FINITE_NUMBER'
  | 'UNSUPPORTED_SCHEMA'
  | 'MIGRATION_FAILED'
  | 'UNKNOWN_KIND'
  // Identity and wiring
  | 'DUPLICATE_ID'
  | 'DANGLING_EDGE'
  | 'UNKNOWN_HANDLE'
  | 'MISSING_ENTRY'
  | 'DUPLICATE_START'
  // Groups and branches
  | 'INVALID_PARENT'
  | 'BATCH_BRANCH_MISMATCH'
  | 'UNKNOWN_MATCH'
  | 'DUPLICATE_END_MATCH'
  | 'INVALID_CASE'
  | 'UNREACHABLE_CASE'
  | 'NO_ELSE_CASE'
  // Names resolved against a handler registry
  | 'HANDLER_NOT_REGISTERED'
  | 'INVALID_CONFIG'
  | 'CONDITION_NOT_REGISTERED'
  | 'EXPRESSION_UNSUPPORTED'
  | 'INVALID_EXPRESSION'
  | 'SUB_FLOW_LOADER_MISSING'
  | 'MODEL_UNAVAILABLE'
  // Graph shape and run-time policies
  | 'UNREACHABLE_NODE'
  | 'CYCLE_WITHOUT_LOOP'
  | 'FOR_EACH_UNCAPPED'
  | 'PAUSE_WITHOUT_TIMEOUT'
  | 'TIMEOUT_BRANCH_UNCONNECTED';

export type BlueprintIssueSeverity = 'error' | 'warning';

export interface BlueprintIssue {
  code: BlueprintIssueCode;
  severity: BlueprintIssueSeverity;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the blueprint JSON, e.g. `['nodes', 3, 'handler', 'config', 'url']`; `[]` = the whole. */
  path: (string | number)[];
}
