import { ViewportPortal } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { farEdgePaths } from './far-edges';

/**
 * Every edge of the flow, zoomed out far, as one SVG path per tone inside RF's viewport (under the
 * nodes). The canvas hands RF no edges at that zoom (see far-edges.ts for why).
 */
export const FarEdges = memo(function FarEdges({
  nodes,
  edges,
  tones,
}: {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  tones: ReadonlyMap<string, 'warning' | 'error'>;
}) {
  const paths = useMemo(() => farEdgePaths(nodes, edges, tones), [nodes, edges, tones]);
  return (
    <ViewportPortal>
      <svg className="far-edges" aria-hidden="true">
        <path d={paths.plain} className="far-edges__path" />
        {paths.warning && (
          <path d={paths.warning} className="far-edges__path far-edges__path--warning" />
        )}
        {paths.error && <path d={paths.error} className="far-edges__path far-edges__path--error" />}
      </svg>
    </ViewportPortal>
  );
});
