import type { MatchCaseSpec } from '@triggerflow/blueprint';
import { deepEqual } from '../paths';
import {
  describeNode,
  nodesOfKind,
  report,
  type GraphNode,
  type ValidationContext,
} from './validate-context';

type Say = (
  code: 'DUPLICATE_ID' | 'INVALID_CASE' | 'UNREACHABLE_CASE',
  message: string,
  path: (string | number)[],
) => void;

/** Case ids, conditions, one else at the end, and (hitFirst) no value tested twice. */
export function checkMatchCases(ctx: ValidationContext): void {
  for (const match of nodesOfKind(ctx, 'match')) {
    const say: Say = (code, message, path) =>
      report(ctx, code, code === 'UNREACHABLE_CASE' ? 'warning' : 'error', {
        message: `${describeNode(match)}: ${message}`,
        nodeId: match.id,
        path: ['nodes', match.index, 'options', 'cases', ...path],
      });
    const { cases, mode } = match.node.options;
    const seen = new Map<string, number>();
    let elseCase: MatchCaseSpec | undefined;
    cases.forEach((c, k) => {
      const first = seen.get(c.id);
      if (first !== undefined) {
        const message = `case id '${c.id}' of case #${k} is already used by case #${first}`;
        say('DUPLICATE_ID', message, [k, 'id']);
      }
      if (first === undefined) seen.set(c.id, k);
      if (c.isElse === true) {
        if (elseCase !== undefined) {
          say(
            'INVALID_CASE',
            `case '${c.id}' is a second else case; '${elseCase.id}' is the else case`,
            [k, 'isElse'],
          );
        }
        elseCase ??= c;
        return;
      }
      if (elseCase !== undefined) {
        say(
          'UNREACHABLE_CASE',
          `case '${c.id}' comes after the else case '${elseCase.id}'; the else case must be last`,
          [k],
        );
      }
      if (c.when === undefined) {
        say(
          'INVALID_CASE',
          `case '${c.id}' has no when condition (a value, a condition ref or an expression); only the else case may omit it`,
          [k, 'when'],
        );
      } else if (mode === 'hitFirst' && elseCase === undefined && 'value' in c.when) {
        const earlier = sameValueCase(cases.slice(0, k), c.when.value);
        if (earlier !== undefined) {
          say(
            'UNREACHABLE_CASE',
            `case '${c.id}' tests the same value as the earlier case '${earlier.id}', which always wins in hitFirst mode`,
            [k, 'when', 'value'],
          );
        }
      }
    });
    if (elseCase === undefined && cases.length > 0) {
      const merge = nodesOfKind(ctx, 'endMatch').some((e) => e.node.options.match === match.id);
      report(ctx, 'NO_ELSE_CASE', 'warning', {
        message: `${describeNode(match)} has no else case: when no case matches, ${
          merge ? 'its input goes on unchanged after its merge' : 'nothing runs after it'
        }`,
        nodeId: match.id,
        path: ['nodes', match.index, 'options', 'cases'],
      });
    }
  }
}

function sameValueCase(cases: readonly MatchCaseSpec[], value: unknown): MatchCaseSpec | undefined {
  return cases.find(
    (c) =>
      c.isElse !== true &&
      c.when !== undefined &&
      'value' in c.when &&
      deepEqual(c.when.value, value),
  );
}

/** Run-time policies: forEach caps, pause timeouts and their timeout branch. */
export function checkPolicies(ctx: ValidationContext): void {
  for (const each of nodesOfKind(ctx, 'forEach')) {
    if (each.node.options.concurrency !== null) continue;
    report(ctx, 'FOR_EACH_UNCAPPED', 'warning', {
      message: `${describeNode(each)} runs every item at once; set options.concurrency to cap it`,
      nodeId: each.id,
      path: ['nodes', each.index, 'options', 'concurrency'],
    });
  }
  for (const pause of nodesOfKind(ctx, 'pause')) {
    const timeout = pause.node.options.timeout;
    if (timeout === undefined) {
      report(ctx, 'PAUSE_WITHOUT_TIMEOUT', 'warning', {
        message: `${describeNode(pause)} may wait forever; set options.timeout to say what happens when nobody answers`,
        nodeId: pause.id,
        path: ['nodes', pause.index, 'options', 'timeout'],
      });
    } else if (timeout.action === 'branch' && !hasOutgoing(ctx, pause, 'timeout')) {
      report(ctx, 'TIMEOUT_BRANCH_UNCONNECTED', 'error', {
        message: `${describeNode(pause)} branches on timeout, but no edge leaves its 'timeout' handle`,
        nodeId: pause.id,
        path: ['nodes', pause.index, 'options', 'timeout', 'action'],
      });
    }
  }
}

function hasOutgoing(ctx: ValidationContext, node: GraphNode, handle: string): boolean {
  return ctx.links.some((l) => l.source.id === node.id && l.sourceHandle === handle);
}
