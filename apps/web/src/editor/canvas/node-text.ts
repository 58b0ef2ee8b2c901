import type { NodeData } from '../model/convert';

const KIND_NAMES: Record<NodeData['kind'], string> = {
  start: 'Start',
  event: 'Event',
  chunk: 'Step',
  when: 'Join',
  forEach: 'For each',
  batch: 'Batch',
  match: 'Branch',
  endMatch: 'Merge',
  collect: 'Collect',
  pause: 'Pause',
  end: 'End',
  subFlow: 'Sub-flow',
};

/** The kind line of a node: a chunk's handler ref, or the structural kind's name. */
export function kindText(data: NodeData): string {
  return data.kind === 'chunk' ? data.handler.ref : KIND_NAMES[data.kind];
}

/** A short detail line under the title (mode, concurrency, pause type, …), if any. */
export function detailText(data: NodeData): string | undefined {
  switch (data.kind) {
    case 'when':
      return data.options.mode;
    case 'forEach':
    case 'batch':
      return `concurrency ${data.options.concurrency ?? '∞'}`;
    case 'match':
      return `${data.options.mode}, ${data.options.cases.length} cases`;
    case 'pause':
      return `waits for ${data.options.type}`;
    case 'collect':
      return data.options.name;
    case 'event':
      return `${data.options.type}: ${data.options.event}`;
    case 'subFlow':
      return 'ref' in data.options.flow ? `flow ${data.options.flow.ref.flowId}` : 'inline flow';
    case 'endMatch':
      return data.options.match ? `after ${data.options.match}` : undefined;
    case 'chunk':
    case 'start':
    case 'end':
      return undefined;
  }
}
