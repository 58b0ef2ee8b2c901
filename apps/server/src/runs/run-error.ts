import type { RunError } from '@triggerflow/blueprint';

/** An error as a RunEvent carries it: name, message, code and node when known; never a stack. */
export function toRunError(error: unknown, nodeId?: string): RunError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const ownNode = (error as { nodeId?: unknown }).nodeId;
    const node = typeof ownNode === 'string' ? ownNode : nodeId;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' && { code }),
      ...(node !== undefined && { nodeId: node }),
    };
  }
  return {
    name: 'Error',
    message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)),
    ...(nodeId !== undefined && { nodeId }),
  };
}

/** The node a chunk's trigger event names: `Chunk[<name>]-chunk-<hex>` → `<name>`. */
export function nodeOfEvent(event: string): string | null {
  const match = /^Chunk\[(.*)\]-chunk-[0-9a-f]+$/s.exec(event);
  return match?.[1] ?? null;
}

/** The node a pause belongs to: the approval prompt's `nodeId`, else the paused chunk's name. */
export function pauseNodeId(interrupt: {
  payload?: unknown;
  continuationEvent: string;
}): string | null {
  const payload = interrupt.payload as { nodeId?: unknown } | null | undefined;
  if (typeof payload?.nodeId === 'string') return payload.nodeId;
  return nodeOfEvent(interrupt.continuationEvent);
}
