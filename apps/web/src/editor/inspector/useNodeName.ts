import { useCallback } from 'react';
import { entryOf } from '../catalog';
import type { FlowNode } from '../model/convert';
import { useEditor } from '../store/context';

/** How the editor names a node to people: its label, else its kind's label (never its id). */
export function useNodeName(): (node: FlowNode) => string {
  const catalog = useEditor((s) => s.catalog);
  return useCallback(
    (node: FlowNode) =>
      node.data.label ??
      entryOf(catalog, node.data)?.label ??
      (node.data.kind === 'chunk' ? node.data.handler.ref : node.data.kind),
    [catalog],
  );
}
