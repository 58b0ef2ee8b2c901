/**
 * Problems in the editor's words. The engine's messages name nodes by id and settings by key
 * (`node 'route' (match) …options.concurrency`), for logs and scripts; the editor names nodes by
 * label, cases by number, and says what to do. Config problems of the built-in kinds come worded
 * already ("Transform needs an expression", from the node library).
 */
import type { BlueprintIssue } from '@triggerflow/blueprint';
import { fieldAt, withArticle, type FormField } from '@triggerflow/nodes';
import type { FlowDocument, FlowNode } from './convert';

export interface IssueWords {
  /** The node it is about, by name (null: the flow as a whole or a connection). */
  readonly subject: string | null;
  readonly message: string;
}

type NameOf = (node: FlowNode) => string;

/** A kind's label and form, for wording problems of structural settings. */
export type KindOf = (node: FlowNode) => { label: string; form: readonly FormField[] } | undefined;

const empty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(empty));

/**
 * A structural node's setting that does not fit (`options.flow.ref.flowId: must not be empty`),
 * named by its field: "Sub-flow needs the flow to run".
 */
function settingWords(issue: BlueprintIssue, node: FlowNode, kindOf: KindOf): string | undefined {
  const kind = kindOf(node);
  const [, , first, ...rest] = issue.path;
  if (kind === undefined || first !== 'options' || rest.length === 0) return undefined;
  const { field, trail, depth } = fieldAt(kind.form, rest);
  if (field === undefined) return undefined;
  let value: unknown = 'options' in node.data ? node.data.options : undefined;
  for (const segment of rest)
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
  let whole: unknown = 'options' in node.data ? node.data.options : undefined;
  for (const segment of rest.slice(0, depth)) {
    whole = (whole as Record<string | number, unknown> | undefined)?.[segment];
  }
  if (empty(value) || empty(whole))
    return `${kind.label} needs ${field.missing ?? withArticle(field.label)}`;
  const why = issue.message.split(': ').at(-1) ?? issue.message;
  return `${kind.label} · ${trail.join(' · ')}: ${why}`;
}

const NODE_REF = /node '([^']*)' \(([A-Za-z]+)\)/g;

/** "Case 2" for a match's case id. */
function caseName(node: FlowNode | undefined, caseId: string): string {
  if (node?.data.kind !== 'match') return `case ${caseId}`;
  const plain = node.data.options.cases.filter((c) => c.isElse !== true);
  const i = plain.findIndex((c) => c.id === caseId);
  return i === -1 ? 'the else case' : `Case ${i + 1}`;
}

/** The engine's text with node references replaced by names (and the subject's own removed). */
function retold(issue: BlueprintIssue, byId: Map<string, FlowNode>, nameOf: NameOf): string {
  const subject = issue.nodeId === undefined ? undefined : byId.get(issue.nodeId);
  let text = issue.message
    .replace(/^node '[^']*' \([A-Za-z]+\)(, case '([^']*)')?: /, (_m, _c, caseId?: string) =>
      caseId ? `${caseName(subject, caseId)}: ` : '',
    )
    .replace(/^node '[^']*' \([A-Za-z]+\)(, case '([^']*)')? /, (_m, _c, caseId?: string) =>
      caseId ? `${caseName(subject, caseId)} ` : 'It ',
    )
    .replace(NODE_REF, (_m, id: string) => {
      const node = byId.get(id);
      return node ? `“${nameOf(node)}”` : `a step that is gone`;
    })
    .replace(/edge '[^']*'/g, 'a connection')
    .replace('expression does not compile: ', '');
  text = text.replace(/case '([^']*)'/g, (_m, id: string) => caseName(subject, id));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cycleMembers(message: string, byId: Map<string, FlowNode>, nameOf: NameOf): string {
  const ids = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  return ids.map((id) => (byId.get(id) ? nameOf(byId.get(id) as FlowNode) : id)).join(' → ');
}

/** What one issue says, as the editor shows it (the Problems list, the inspector). */
export function issueWords(
  issue: BlueprintIssue,
  doc: FlowDocument,
  nameOf: NameOf,
  kindOf: KindOf = () => undefined,
): IssueWords {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const node = issue.nodeId === undefined ? undefined : byId.get(issue.nodeId);
  const subject = node ? nameOf(node) : null;
  const say = (message: string): IssueWords => ({ subject, message });
  switch (issue.code) {
    case 'INVALID_CONFIG':
      return say(issue.message.startsWith('node ') ? retold(issue, byId, nameOf) : issue.message);
    case 'MISSING_ENTRY':
      return say('The flow has no Start step: add one from the palette.');
    case 'DUPLICATE_START':
      return say('The flow has a second Start step: a flow starts in one place.');
    case 'UNREACHABLE_NODE':
      return say('Nothing leads to this step: connect it, or remove it.');
    case 'CYCLE_WITHOUT_LOOP': {
      const members = cycleMembers(issue.message.split(' never ends')[0] ?? '', byId, nameOf);
      const why = issue.message.includes('every case')
        ? 'every case of its branch leads back into it'
        : 'no Branch in it can lead out';
      return say(`This loop never ends: ${why} (${members}).`);
    }
    case 'FOR_EACH_UNCAPPED':
      return say('Runs every item at once: set “At most at once”.');
    case 'PAUSE_WITHOUT_TIMEOUT':
      return say('May wait forever: say what happens when nobody answers.');
    case 'TIMEOUT_BRANCH_UNCONNECTED':
      return say('Takes its “timeout” exit when nobody answers, but nothing is connected to it.');
    case 'NO_ELSE_CASE':
      return say(
        issue.message.includes('after its merge')
          ? 'Has no else: when no case matches, the input goes on unchanged after its merge.'
          : 'Has no else: when no case matches, nothing runs after it.',
      );
    case 'UNKNOWN_MATCH':
      return say('Does not close any branch: pick the branch it closes.');
    case 'HANDLER_NOT_REGISTERED': {
      const ref = /uses handler '([^']*)'/.exec(issue.message)?.[1] ?? '';
      return say(`This kind of step (${ref}) is not available on this server.`);
    }
    case 'DANGLING_EDGE':
      return say('A connection leads to a step that is gone: remove it.');
    case 'UNKNOWN_HANDLE':
      return say(
        /'case:|'else'/.test(issue.message)
          ? 'A connection leaves from a case that is gone: remove it or connect another case.'
          : retold(issue, byId, nameOf),
      );
    case 'INVALID_SCHEMA':
      return say((node && settingWords(issue, node, kindOf)) ?? retold(issue, byId, nameOf));
    case 'UNSUPPORTED_SCHEMA':
    case 'MIGRATION_FAILED':
    case 'UNKNOWN_KIND':
    case 'DUPLICATE_ID':
    case 'INVALID_PARENT':
    case 'BATCH_BRANCH_MISMATCH':
    case 'DUPLICATE_END_MATCH':
    case 'INVALID_CASE':
    case 'UNREACHABLE_CASE':
    case 'CONDITION_NOT_REGISTERED':
    case 'EXPRESSION_UNSUPPORTED':
    case 'INVALID_EXPRESSION':
    case 'SUB_FLOW_LOADER_MISSING':
    case 'MODEL_UNAVAILABLE':
    case 'FORBIDDEN_KEY':
    case 'NON_FINITE_NUMBER':
      return say(retold(issue, byId, nameOf));
  }
}
