import type { Blueprint } from '@triggerflow/blueprint';
import { sha256Hex, stableStringify } from '../hash';

/**
 * `sha256:<hex>` of a blueprint's behaviour: nodes and edges sorted by id, without name,
 * description, meta, labels, positions or sizes.
 */
export function blueprintFingerprint(blueprint: Blueprint): string {
  const nodes = blueprint.nodes
    .map(({ label: _label, position: _position, size: _size, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edges = [...blueprint.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `sha256:${sha256Hex(stableStringify({ schema: blueprint.schema, nodes, edges }))}`;
}
