import { listenRefs } from '../signal';
import type { CancelToken } from '../concurrency';
import type { ExecutionCore } from '../execution-core';
import type { Operator } from '../operator';
import type { CaseConditionSpec } from '@triggerflow/blueprint';
import { deepEqual } from '../paths';
import type { TriggerFlowRuntimeData } from '../runtime-data';
import { childScope, type Signal, type TriggerRef } from '../signal';
import { matchDoneEvent } from '../events';
import { fanOut } from './fan-in';
import { scopeOf } from '../observer';

export type MatchMode = 'hitFirst' | 'hitAll';

/** A predicate matches only when it returns exactly `true`; anything else is compared by value. */
export type CaseCondition = unknown;

export interface MatchCase {
  readonly index: number;
  readonly event: string;
  readonly isElse: boolean;
  readonly condition: CaseCondition;
  /** How a blueprint wrote the condition (set when the flow came from one). */
  readonly spec?: CaseConditionSpec;
  /** Whether the branch has a step whose result reaches `endMatch` (a case with none is a dead end). */
  reachesEnd: boolean;
}

/** Routes its input to the first matching case (hitFirst) or to every matching case (hitAll). */
export class MatchRouteOperator implements Operator {
  readonly kind = 'matchRoute';
  readonly listen: readonly TriggerRef[];
  readonly cases: MatchCase[] = [];
  readonly doneEvent: string;
  /** The id of the blueprint node where the branches meet (default `<id>-end`). */
  endNodeId: string | undefined;

  constructor(
    readonly id: string,
    listen: TriggerRef | readonly TriggerRef[],
    readonly mode: MatchMode,
  ) {
    this.doneEvent = matchDoneEvent(id);
    this.listen = listenRefs(listen);
  }

  get emits(): readonly TriggerRef[] {
    return [...this.cases.map((c) => c.event), this.doneEvent].map((event) => ({
      type: 'event',
      event,
    }));
  }

  get options(): Readonly<Record<string, unknown>> {
    return {
      mode: this.mode,
      cases: this.cases.map((c) => ({
        index: c.index,
        isElse: c.isElse,
        condition:
          typeof c.condition === 'function'
            ? { ref: c.condition.name || null }
            : { value: c.condition },
      })),
    };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    const scope = core.observed ? scopeOf(signal.layers) : [];
    if (core.observed) {
      core.observe({ type: 'node.started', nodeId: this.id, input: signal.value, scope });
    }
    const matched = await this.select(core.createData(signal, token));
    if (core.observed) {
      // The output names the cases taken (their positions; an else case is the last one).
      const cases = matched.map((c) => c.index);
      core.observe({ type: 'node.completed', nodeId: this.id, output: { cases }, scope });
    }
    if (matched.length === 0) {
      // Nothing matched and there is no else: the value passes straight through.
      const through = { event: this.doneEvent, value: signal.value, layers: signal.layers };
      await core.dispatch(
        core.newSignal({ ...through, source: 'chunk', meta: childScope(signal) }),
        token,
      );
      return;
    }
    const ends = matched.filter((c) => c.reachesEnd).map((c) => c.index);
    await fanOut({
      core,
      token,
      group: this.id,
      signal,
      count: matched.length,
      limit: undefined,
      progress:
        this.mode === 'hitAll' && ends.length > 0 ? { keys: ends, total: ends.length } : undefined,
      branch: (i) => {
        const chosen = matched[i] as MatchCase;
        return { key: chosen.index, event: chosen.event, value: signal.value };
      },
    });
  }

  private async select(data: TriggerFlowRuntimeData): Promise<MatchCase[]> {
    const matched: MatchCase[] = [];
    for (const c of this.cases) {
      if (c.isElse || !(await caseMatches(c, data))) continue;
      matched.push(c);
      if (this.mode === 'hitFirst') break;
    }
    const otherwise = this.cases.find((c) => c.isElse);
    if (matched.length === 0 && otherwise) matched.push(otherwise);
    return matched;
  }
}

/**
 * A predicate matches only when it returns exactly `true` (a promise is not `true`), except a
 * blueprint expression case, whose evaluation is awaited (expression engines are asynchronous).
 */
async function caseMatches(c: MatchCase, data: TriggerFlowRuntimeData): Promise<boolean> {
  const { condition } = c;
  if (typeof condition !== 'function') return deepEqual(data.value, condition);
  const result = (condition as (d: TriggerFlowRuntimeData) => unknown)(data);
  if (c.spec && 'expression' in c.spec) return (await result) === true;
  return result === true;
}
