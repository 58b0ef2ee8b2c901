import type { Chunk } from './chunk';
import { EngineError } from './errors';
import type { FlowBuilder, ChunkTarget } from './flow-builder';
import { BatchFanoutOperator } from './operators/batch';
import {
  batchBranchEvent,
  batchDoneEvent,
  forEachDoneEvent,
  forEachItemEvent,
  matchCaseEvent,
} from './events';
import { CollectBranchOperator, collectEvent, type CollectMode } from './operators/collect';
import { FanInOperator } from './operators/fan-in';
import { ForEachSplitOperator } from './operators/for-each';
import { MatchRouteOperator, type CaseCondition, type MatchMode } from './operators/match';
import type { TriggerRef } from './signal';
import type { Bindings } from './blueprint/sub-flow-bindings';
import { SubFlowOperator, type ChildFlow } from './blueprint/sub-flow-operator';

const isChildFlow = (target: unknown): target is ChildFlow =>
  typeof target === 'object' &&
  target !== null &&
  typeof (target as ChildFlow).createExecution === 'function' &&
  typeof (target as ChildFlow).toBlueprint === 'function';

interface ForEachFrame {
  readonly kind: 'forEach';
  readonly group: string;
  readonly doneEvent: string;
}

interface MatchFrame {
  readonly kind: 'match';
  readonly route: MatchRouteOperator;
  /** Where each case's branch currently ends, by case index. */
  readonly ends: Map<number, TriggerRef>;
}

type Frame = ForEachFrame | MatchFrame;

export interface SubFlowOptions {
  readonly name?: string;
  readonly capture?: Bindings;
  readonly writeBack?: Bindings;
  readonly concurrency?: number;
  readonly sideBranch?: boolean;
}

export interface ToOptions {
  /** Names the chunk (its identity); needed to use one handler in two places. */
  readonly name?: string;
  /** Run in parallel: the returned cursor stays on the current event. */
  readonly sideBranch?: boolean;
}

const structureError = (message: string): EngineError =>
  new EngineError('INVALID_FLOW_STRUCTURE', message);

/**
 * A builder cursor: knows which event it is attached to and which groups (forEach, match) it is in.
 * Every call returns a new cursor.
 */
export class FlowProcess {
  constructor(
    private readonly flow: FlowBuilder,
    readonly at: TriggerRef,
    private readonly frames: readonly Frame[] = [],
  ) {}

  /** Attach a step listening to this cursor's event; returns a cursor on the step's result. */
  to(target: ChunkTarget | ChildFlow, options: ToOptions = {}): FlowProcess {
    if (isChildFlow(target)) return this.toSubFlow(target, options);
    this.assertNotBareMatch('to');
    const chunk = this.flow.resolveChunk(target, options.name);
    this.flow.attachChunk(chunk, this.at, this.parent);
    return options.sideBranch ? this : this.move({ type: 'event', event: chunk.triggerEvent });
  }

  /**
   * Run another flow as one step. Its input is this cursor's value (or what `capture` picks from
   * value / state / flowData / resources); its result (`$final_result`, else its close snapshot)
   * is the next input, unless `writeBack` says otherwise. A paused child pauses this branch.
   */
  toSubFlow(child: ChildFlow, options: SubFlowOptions = {}): FlowProcess {
    this.assertNotBareMatch('toSubFlow');
    const id = options.name ?? `subFlow-${child.name}`;
    const operator = new SubFlowOperator(
      {
        id,
        child: () => Promise.resolve(child),
        known: child,
        describe: ({ strict }) => ({ inline: child.toBlueprint({ strict, layout: false }) }),
        ...(options.capture ? { capture: options.capture } : {}),
        ...(options.writeBack ? { writeBack: options.writeBack } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      },
      this.at,
    );
    this.flow.attach(operator, this.parent);
    return options.sideBranch ? this : this.move(operator.emits[0] as TriggerRef);
  }

  /** `to(target, { sideBranch: true })`: runs in parallel, its result is not chained. */
  sideBranch(target: ChunkTarget, options: Omit<ToOptions, 'sideBranch'> = {}): FlowProcess {
    return this.to(target, { ...options, sideBranch: true });
  }

  /** Same input to every step at once; emits `{ [chunkName]: result }` in declaration order. */
  batch(
    targets: readonly ChunkTarget[],
    options: { concurrency?: number; sideBranch?: boolean } = {},
  ): FlowProcess {
    this.assertNotBareMatch('batch');
    const chunks: Chunk[] = targets.map((t) => this.flow.resolveChunk(t, undefined));
    const names = new Set(chunks.map((c) => c.name));
    if (names.size !== chunks.length) {
      throw structureError('batch() needs distinct chunk names: its result is keyed by them.');
    }
    const group = this.flow.nextId('batch', this.at);
    const branches = chunks.map((c, k) => ({ key: c.name, event: batchBranchEvent(group, k) }));
    this.flow.attach(
      new BatchFanoutOperator(group, this.at, branches, options.concurrency),
      this.parent,
    );
    chunks.forEach((c, k) =>
      this.flow.attachChunk(c, { type: 'event', event: branches[k]?.event ?? '' }, group),
    );
    const doneEvent = batchDoneEvent(group);
    const ends = chunks.map((c): TriggerRef => ({ type: 'event', event: c.triggerEvent }));
    this.flow.attach(
      new FanInOperator(`${group}-collect`, 'batchCollect', ends, group, 'object', doneEvent),
      this.parent,
    );
    return options.sideBranch ? this : this.move({ type: 'event', event: doneEvent });
  }

  /** Each item of the input (an array; anything else is one item) runs the body; see endForEach. */
  forEach(options: { concurrency?: number } = {}): FlowProcess {
    this.assertNotBareMatch('forEach');
    const group = this.flow.nextId('forEach', this.at);
    const itemEvent = forEachItemEvent(group);
    const doneEvent = forEachDoneEvent(group);
    this.flow.attach(new ForEachSplitOperator(group, this.at, options.concurrency), this.parent);
    const frame: ForEachFrame = { kind: 'forEach', group, doneEvent };
    return new FlowProcess(this.flow, { type: 'event', event: itemEvent }, [...this.frames, frame]);
  }

  /** Emits the list of every item's result, in input order. */
  endForEach(): FlowProcess {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.kind !== 'forEach') throw structureError('endForEach() without forEach().');
    const { group, doneEvent } = frame;
    this.flow.attach(
      new FanInOperator(`${group}-collect`, 'forEachCollect', [this.at], group, 'array', doneEvent),
      undefined,
    );
    return new FlowProcess(
      this.flow,
      { type: 'event', event: doneEvent },
      this.frames.slice(0, -1),
    );
  }

  match(options: { mode?: MatchMode } = {}): FlowProcess {
    this.assertNotBareMatch('match');
    const group = this.flow.nextId('match', this.at);
    const route = new MatchRouteOperator(group, this.at, options.mode ?? 'hitFirst');
    this.flow.attach(route, this.parent);
    const frame: MatchFrame = { kind: 'match', route, ends: new Map() };
    return new FlowProcess(this.flow, this.at, [...this.frames, frame]);
  }

  /** A branch taken when `condition` matches: a predicate returning exactly `true`, or an equal value. */
  case(condition: CaseCondition): FlowProcess {
    return this.addCase(condition, false, 'case()');
  }

  caseElse(): FlowProcess {
    const frame = this.matchFrame('caseElse()');
    if (frame.route.cases.length === 0) throw structureError('caseElse() before any case().');
    return this.addCase(undefined, true, 'caseElse()');
  }

  /** The chosen branch's result (or the input, when nothing matched and there is no else) goes on. */
  endMatch(): FlowProcess {
    const frame = this.matchFrame('endMatch()');
    this.closeBranch(frame);
    const { route, ends } = frame;
    for (const c of route.cases) c.reachesEnd = ends.has(c.index);
    if (ends.size > 0) {
      const output = route.mode === 'hitAll' ? 'array' : 'single';
      const listen = [...ends.values()];
      this.flow.attach(
        new FanInOperator(
          `${route.id}-collect`,
          'matchCollect',
          listen,
          route.id,
          output,
          route.doneEvent,
        ),
        this.parent,
      );
    }
    return new FlowProcess(
      this.flow,
      { type: 'event', event: route.doneEvent },
      this.frames.slice(0, -1),
    );
  }

  ifCondition(condition: CaseCondition): FlowProcess {
    return this.match({ mode: 'hitFirst' }).case(condition);
  }
  elifCondition(condition: CaseCondition): FlowProcess {
    return this.case(condition);
  }
  elseCondition(): FlowProcess {
    return this.caseElse();
  }
  endCondition(): FlowProcess {
    return this.endMatch();
  }

  /**
   * One branch of the named collection; when every branch registered under `name` has a value (in
   * the same join scope), `Collect-<name>` fires with `{ [branchId]: value }`.
   */
  collect(name: string, branchId?: string, options: { mode?: CollectMode } = {}): FlowProcess {
    this.assertNotBareMatch('collect');
    const branch = branchId ?? this.at.event;
    this.flow.registerCollectionBranch(name, branch);
    const id = this.flow.nextId('collect', { name, branch });
    this.flow.attach(
      new CollectBranchOperator(id, this.at, name, branch, options.mode ?? 'filledAndUpdate'),
      this.parent,
    );
    return this.move({ type: 'event', event: collectEvent(name) });
  }

  /** The innermost forEach this cursor is in. */
  private get parent(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i -= 1) {
      const frame = this.frames[i];
      if (frame?.kind === 'forEach') return frame.group;
    }
    return undefined;
  }

  private move(at: TriggerRef): FlowProcess {
    return new FlowProcess(this.flow, at, this.frames);
  }

  private matchFrame(call: string): MatchFrame {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.kind !== 'match') throw structureError(`${call} without match().`);
    return frame;
  }

  private addCase(condition: CaseCondition, isElse: boolean, call: string): FlowProcess {
    const frame = this.matchFrame(call);
    this.closeBranch(frame);
    const { route } = frame;
    if (route.cases.some((c) => c.isElse)) throw structureError(`${call} after caseElse().`);
    const index = route.cases.length;
    const event = matchCaseEvent(route.id, index);
    route.cases.push({ index, event, isElse, condition, reachesEnd: false });
    return this.move({ type: 'event', event });
  }

  /** Records where the current case's branch ends (nowhere when it has no step: a dead end). */
  private closeBranch(frame: MatchFrame): void {
    const current = frame.route.cases[frame.route.cases.length - 1];
    if (current && this.at.event !== current.event) frame.ends.set(current.index, this.at);
  }

  private assertNotBareMatch(call: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame?.kind === 'match' && frame.route.listen[0] === this.at) {
      throw structureError(`${call}() right after match(): start a branch with case(...) first.`);
    }
  }
}
