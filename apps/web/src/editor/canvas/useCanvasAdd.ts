import { useReactFlow, type FinalConnectionState, type InternalNode } from '@xyflow/react';
import { useCallback, useMemo, type DragEvent, type PointerEvent } from 'react';
import { fitsOnEdge, type CatalogEntry } from '../catalog';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useEditorActions, useEditorStoreApi } from '../store/context';
import { dropNode, type DropOptions } from './drop';
import { NODE_SIZE } from './node-size';

export const PALETTE_MIME = 'application/x-triggerflow-kind';

/** The edge (its id) drawn under a client point, if any (RF's edges carry `data-id`). */
function edgeAt(x: number, y: number): string | undefined {
  for (const element of document.elementsFromPoint(x, y)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return undefined;
}

/**
 * The canvas' ways of adding a node: a palette drop (onto an edge: inserted there), a connection
 * dragged from an output to empty canvas (opens the kind picker there), the picker's choice; and
 * the pointer's place for paste. Read-only canvases add nothing.
 */
export function useCanvasAdd(catalog: readonly CatalogEntry[], readOnly: boolean) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const store = useEditorStoreApi();
  const actions = useEditorActions();

  const groupsAt = useCallback(
    (at: { x: number; y: number }): InternalNode<FlowNode>[] =>
      flow
        .getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 })
        .map((n) => flow.getInternalNode(n.id))
        .filter((n) => n !== undefined),
    [flow],
  );

  const add = useCallback(
    (entry: CatalogEntry, options: Omit<DropOptions, 'entry' | 'groups'>) => {
      const doc = store.getState().history.present.doc;
      const next = dropNode(doc, { entry, groups: groupsAt(options.at), ...options });
      actions.commit(next, `Add ${entry.label}`);
    },
    [actions, groupsAt, store],
  );

  return useMemo(
    () => ({
      onDragOver: (event: DragEvent) => {
        if (readOnly || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDrop: (event: DragEvent) => {
        const kind = event.dataTransfer.getData(PALETTE_MIME);
        const entry = catalog.find((e) => e.kind === kind);
        if (readOnly || entry === undefined) return;
        event.preventDefault();
        const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        const edgeId = fitsOnEdge(entry) ? edgeAt(event.clientX, event.clientY) : undefined;
        if (edgeId === undefined) return add(entry, { at });
        // Centred on the edge where it was dropped.
        const centred = { x: at.x - NODE_SIZE.width / 2, y: at.y - NODE_SIZE.height / 2 };
        add(entry, { at: centred, edgeId });
      },
      onConnectEnd: (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
        if (readOnly || state.isValid === true || state.fromNode === null) return;
        if (state.fromHandle?.type !== 'source' || state.toNode !== null) return;
        if (!(event.target instanceof Element) || !event.target.closest('.react-flow__pane')) {
          return;
        }
        const point = 'changedTouches' in event ? event.changedTouches[0] : event;
        if (point === undefined) return;
        const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY });
        actions.openPicker({
          screen: { x: point.clientX + 8, y: point.clientY + 8 },
          at: { x: Math.round(at.x), y: Math.round(at.y - NODE_SIZE.height / 2) },
          from: { nodeId: state.fromNode.id, handle: state.fromHandle.id ?? 'out' },
        });
      },
      onPick: (entry: CatalogEntry) => {
        const request = store.getState().picker;
        actions.openPicker(null);
        if (request === null) return;
        add(entry, {
          at: request.at,
          ...(request.from && { from: request.from }),
          ...(request.edgeId !== undefined && { edgeId: request.edgeId }),
        });
      },
      closePicker: () => actions.openPicker(null),
      onPointerMove: (event: PointerEvent) => {
        store.getState().pointer.at = flow.screenToFlowPosition({
          x: event.clientX,
          y: event.clientY,
        });
      },
      onPointerLeave: () => {
        store.getState().pointer.at = null;
      },
    }),
    [actions, add, catalog, flow, readOnly, store],
  );
}
