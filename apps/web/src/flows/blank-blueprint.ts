import type { Blueprint } from '@triggerflow/blueprint';

/** The blueprint schema's version tag (a literal here keeps zod out of the flows page's bundle). */
const SCHEMA: Blueprint['schema'] = 'triggerflow.blueprint/v1';

/** A new flow: a start wired to an end. */
export function blankBlueprint(name: string): Blueprint {
  return {
    schema: SCHEMA,
    name,
    nodes: [
      { id: 'start', kind: 'start', label: 'Start', position: { x: 0, y: 0 } },
      { id: 'end', kind: 'end', label: 'End', position: { x: 280, y: 0 } },
    ],
    edges: [
      { id: 'start-end', source: 'start', sourceHandle: 'out', target: 'end', targetHandle: 'in' },
    ],
  };
}

const MAX_NAME = 200;

/** `Invoices` → `Invoices (copy)`, kept within the API's 200 characters. */
export function copyName(name: string): string {
  const suffix = ' (copy)';
  return name.slice(0, MAX_NAME - suffix.length) + suffix;
}
