import { createContext, useContext } from 'react';
import type { Suggestions } from '@triggerflow/nodes';

/** What an expression's preview evaluates on, and where it comes from (said under the preview). */
export interface PreviewSample {
  readonly input: unknown;
  readonly state: unknown;
  /** "the input this step had in the last dry run", "the flow’s sample input", … */
  readonly source: string;
}

/** What every field of the selected node's form may need beyond its own value. */
export interface InspectorScope {
  readonly nodeId: string;
  readonly readOnly: boolean;
  /** The problems of a settings path (relative to the config / options), in words. */
  problemsAt(path: readonly (string | number)[]): readonly string[];
  /** Names the rest of the flow already uses, for a text field's suggestions. */
  suggestions(kind: Suggestions): readonly string[];
  readonly sample: PreviewSample | null;
}

const Scope = createContext<InspectorScope | null>(null);

export const InspectorScopeProvider = Scope.Provider;

export function useInspectorScope(): InspectorScope {
  const scope = useContext(Scope);
  if (scope === null) throw new Error('a settings field outside the inspector');
  return scope;
}
