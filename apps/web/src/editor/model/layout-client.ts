/**
 * The main thread's side of the layout worker: `layout(nodes, edges)` posts a request and
 * resolves with the matching answer (requests are numbered, so answers may arrive in any order).
 * The worker is injected (`WorkerLike`), so this is tested with a fake and knows nothing of the DOM.
 */
import { handlesOf, type FlowEdge, type FlowNode } from './convert';
import type {
  LayoutEdge,
  LayoutNode,
  LayoutOptions,
  LayoutRequest,
  LayoutResponse,
  LayoutResult,
} from './layout';

export interface WorkerLike {
  postMessage(message: LayoutRequest): void;
  addEventListener(type: 'message', listener: (event: { data: LayoutResponse }) => void): void;
}

export interface LayoutClient {
  layout(
    nodes: readonly FlowNode[],
    edges: readonly FlowEdge[],
    options?: LayoutOptions,
  ): Promise<LayoutResult>;
}

/** What the layout reads of an RF node: its place in the tree, its size, its handles in order. */
export function toLayoutNode(node: FlowNode): LayoutNode {
  const { id, parentId, width, height, measured, style } = node;
  const { sources, targets } = handlesOf(node.data);
  return {
    id,
    parentId,
    width,
    height,
    measured,
    style: style && { width: style.width, height: style.height },
    sources,
    targets,
  };
}

/** What the layout reads of an RF edge. */
export function toLayoutEdge(edge: FlowEdge): LayoutEdge {
  const { id, source, target, sourceHandle, targetHandle } = edge;
  return { id, source, target, sourceHandle, targetHandle };
}

export function createLayoutClient(worker: WorkerLike): LayoutClient {
  let next = 0;
  const waiting = new Map<number, { resolve(r: LayoutResult): void; reject(e: Error): void }>();
  worker.addEventListener('message', ({ data }) => {
    const request = waiting.get(data.id);
    if (!request) return;
    waiting.delete(data.id);
    if (data.ok) request.resolve(data.result);
    else request.reject(new Error(data.error));
  });
  return {
    layout(nodes, edges, options) {
      const id = (next += 1);
      // Only what the layout reads crosses the boundary (node data may be large).
      const request: LayoutRequest = {
        id,
        nodes: nodes.map(toLayoutNode),
        edges: edges.map(toLayoutEdge),
        ...(options && { options }),
      };
      return new Promise<LayoutResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(request);
      });
    },
  };
}
