import type { NodeData } from '../model/convert';

/** The structural kinds' names, as the catalog labels them (packages/nodes kinds/structural.ts). */
const KIND_NAMES: Record<NodeData['kind'], string> = {
  start: 'Start',
  event: 'On event',
  chunk: 'Step',
  when: 'Join',
  forEach: 'For each',
  batch: 'Batch',
  match: 'Branch',
  endMatch: 'Merge branches',
  collect: 'Collect',
  pause: 'Pause',
  end: 'End',
  subFlow: 'Sub-flow',
};

/** Catalog labels by kind name (`setState` → `Set state`): what the palette shows. */
export type KindLabels = ReadonlyMap<string, string>;

/** `setState` → `Set state`: a handler ref in words, where no catalog label is known. */
export function humanizeRef(ref: string): string {
  const words = ref
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The kind line of a node, the same name the palette and the docs give its kind: the catalog's
 * label (`labels`), else the structural kind's name or a chunk's handler ref in words.
 */
export function kindText(data: NodeData, labels?: KindLabels): string {
  const name = data.kind === 'chunk' ? data.handler.ref : data.kind;
  const known = labels?.get(name);
  if (known !== undefined) return known;
  return data.kind === 'chunk' ? humanizeRef(data.handler.ref) : KIND_NAMES[data.kind];
}

/** A short detail line under the title (what it waits for, how many at once, …), in words. */
export function detailText(data: NodeData): string | undefined {
  switch (data.kind) {
    case 'when':
      return data.options.mode === 'and' ? 'waits for every input' : 'goes on with each input';
    case 'forEach':
    case 'batch':
      return data.options.concurrency === null
        ? 'all at once'
        : `at most ${data.options.concurrency} at once`;
    case 'match': {
      const plain = data.options.cases.filter((c) => c.isElse !== true).length;
      const cases = `${plain} case${plain === 1 ? '' : 's'}`;
      const rest = data.options.cases.some((c) => c.isElse === true) ? `${cases} + else` : cases;
      return `${data.options.mode === 'hitAll' ? 'every match' : 'first match'} · ${rest}`;
    }
    case 'pause':
      return `waits for ${data.options.type}`;
    case 'collect':
      return `into “${data.options.name}”`;
    case 'event':
      return data.options.type === 'event'
        ? `on “${data.options.event}”`
        : `when “${data.options.event}” is written`;
    case 'subFlow':
      return 'ref' in data.options.flow ? 'runs a stored flow' : 'runs a flow inside';
    case 'endMatch':
    case 'chunk':
    case 'start':
    case 'end':
      return undefined;
  }
}
