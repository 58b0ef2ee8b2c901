import type { BlueprintIssue } from '@triggerflow/blueprint';
import type { FormField } from '@triggerflow/nodes';
import { useCallback, useMemo } from 'react';
import type { CatalogEntry } from '../catalog';
import { namesInFlow } from '../model/graph-queries';
import type { NodeData } from '../model/convert';
import { useEditor, useEditorStoreApi } from '../store/context';
import { useIssueWords } from '../useIssueWords';
import { InspectorScopeProvider, type InspectorScope } from './inspector-context';
import { placeProblems } from './node-problems';
import { SettingsFields } from './SettingsFields';
import { useSample } from './useSample';
import { pathKey, propertyOf, type JsonSchema } from './values';

const NO_ISSUES: readonly BlueprintIssue[] = [];

/** The settings object a node's form edits, and its JSON Schema. */
function settingsOf(
  data: NodeData,
  entry: CatalogEntry,
): { value: unknown; schema: JsonSchema | undefined } {
  const schema = entry.configJsonSchema as JsonSchema;
  if (data.kind === 'chunk') return { value: data.handler.config ?? {}, schema };
  return { value: 'options' in data ? data.options : {}, schema: propertyOf(schema, 'options') };
}

/** `data` with its settings object replaced. */
function withSettings(data: NodeData, value: unknown): NodeData {
  if (data.kind === 'chunk') return { ...data, handler: { ...data.handler, config: value } };
  return { ...data, options: value } as NodeData;
}

/**
 * A node's settings as its kind describes them (packages/nodes: `form`): the basic ones, then
 * "More settings" folded. Every field shows the problems of its setting, in words.
 */
export function NodeSettings(props: {
  nodeId: string;
  data: NodeData;
  entry: CatalogEntry;
  onChange: (data: NodeData, field: string) => void;
  /** Errors no field shows and warnings, for the top of the inspector. */
  children?: (general: readonly string[], advice: readonly string[]) => React.ReactNode;
}) {
  const { nodeId, data, entry, onChange } = props;
  const store = useEditorStoreApi();
  const readOnly = useEditor((s) => s.readOnly);
  const issues = useEditor((s) => s.issues?.nodes.get(nodeId) ?? NO_ISSUES);
  const words = useIssueWords();
  const sample = useSample(nodeId);
  const form: readonly FormField[] = entry.form;
  const placed = useMemo(
    () => placeProblems(issues, form, (issue) => words(issue).message),
    [issues, form, words],
  );
  const suggestions = useCallback(
    (kind: Parameters<InspectorScope['suggestions']>[0]) =>
      namesInFlow(store.getState().history.present.doc, kind),
    [store],
  );
  const scope = useMemo<InspectorScope>(
    () => ({
      nodeId,
      readOnly,
      problemsAt: (path) => placed.at.get(pathKey(path)) ?? [],
      suggestions,
      sample,
    }),
    [nodeId, readOnly, placed, suggestions, sample],
  );
  const { value, schema } = settingsOf(data, entry);
  const basic = form.filter((f) => f.advanced !== true);
  const advanced = form.filter((f) => f.advanced === true);
  const change = (next: unknown, field: string) => onChange(withSettings(data, next), field);
  return (
    <InspectorScopeProvider value={scope}>
      {props.children?.(placed.general, placed.advice)}
      {form.length === 0 && <p className="help">This step has no settings.</p>}
      <SettingsFields
        fields={basic}
        value={value}
        schema={schema}
        path={[]}
        root={value}
        onChange={change}
      />
      {advanced.length > 0 && (
        <details className="more-settings">
          <summary>More settings</summary>
          <SettingsFields
            fields={advanced}
            value={value}
            schema={schema}
            path={[]}
            root={value}
            onChange={change}
          />
        </details>
      )}
    </InspectorScopeProvider>
  );
}
