import type { MatchCaseSpec } from '@triggerflow/blueprint';
import type { NodeData } from './convert';

const MAX = 14;
const cut = (text: string) => (text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text);

/** How a case reads at its exit on the canvas: its value ("A"), else "Case 2", or "else". */
export function caseLabel(cases: readonly MatchCaseSpec[], caseId: string): string {
  const plain = cases.filter((c) => c.isElse !== true);
  const i = plain.findIndex((c) => c.id === caseId);
  const found = plain[i];
  if (found === undefined) return caseId;
  const when = found.when;
  if (when !== undefined && 'value' in when) {
    return cut(
      typeof when.value === 'string' ? when.value : (JSON.stringify(when.value) ?? 'null'),
    );
  }
  return `Case ${i + 1}`;
}

/** The label of a handle of `data` (empty for the default in / out). */
export function handleLabel(data: NodeData, handle: string): string {
  if (handle === 'in' || handle === 'out') return '';
  if (handle.startsWith('case:') && data.kind === 'match') {
    return caseLabel(data.options.cases, handle.slice('case:'.length));
  }
  return handle.replace(/^case:/, '');
}
