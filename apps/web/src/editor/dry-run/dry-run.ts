import type { Blueprint, BlueprintNode, MatchCaseSpec } from '@triggerflow/blueprint';
import {
  TriggerFlow,
  type ChunkHandler,
  type ExecutionObservation,
  type FanOutProgress,
  type HandlerRegistry,
} from '@triggerflow/engine';

/**
 * Dry run in the browser: the flow runs on the shared engine with every handler replaced by a
 * stub (no server). Chunks return their stub output (default: their input), pause/approval nodes
 * resolve at once with a stub decision, match cases that need an expression or a registered
 * condition are treated as not matching unless the user picked the case the match takes.
 */
export interface DryRunSetup {
  /** The run's input. */
  readonly input?: unknown;
  /** Stub output per node id (chunks and pauses); a node without one passes its input through. */
  readonly stubs?: Readonly<Record<string, unknown>>;
  /** Per match node id: the case id it takes (`else` for the else case). */
  readonly caseChoices?: Readonly<Record<string, string>>;
  /** Steps (stub calls) after which the run is stopped: a loop must not run forever. */
  readonly maxSteps?: number;
}

/** Loops run deeper with every turn (each turn awaits the next): 2,000 steps take about a second. */
export const DEFAULT_MAX_STEPS = 2_000;

export interface DryRunNote {
  readonly nodeId: string;
  readonly text: string;
}

/** Thrown by a stub once the run has taken `maxSteps` steps. */
export class DryRunBudgetError extends Error {
  override readonly name = 'DryRunBudgetError';
  constructor(readonly steps: number) {
    super(`the dry run was stopped after ${steps} steps`);
  }
}

export const STUB_DECISION = { outcome: 'approved', response: null, votes: [], timedOut: false };

/** Chunk kinds that pause for a human: stubbed with `STUB_DECISION` unless given a stub. */
export const APPROVAL_REFS: ReadonlySet<string> = new Set(['approval']);

export type DryNodeStatus = 'running' | 'done' | 'failed';

export interface DryStep {
  readonly type: 'started' | 'completed' | 'failed';
  readonly nodeId: string;
  readonly scope: readonly (string | number)[];
  readonly value?: unknown;
}

export interface DryRunResult {
  readonly ok: boolean;
  readonly error: string | null;
  /** Observations in order (progress left out: see `fanOuts`). */
  readonly steps: readonly DryStep[];
  /** Last status per node id, and how many times it completed. */
  readonly nodes: Readonly<Record<string, { status: DryNodeStatus; runs: number }>>;
  /** The last fan-out counts per forEach / batch / hitAll match. */
  readonly fanOuts: Readonly<Record<string, FanOutProgress>>;
  /** The close snapshot (final state), or null when the run failed before closing. */
  readonly final: Record<string, unknown> | null;
  /** What the dry run changed in the flow to run it in the browser, by node. */
  readonly notes: readonly DryRunNote[];
  /** Set when the step budget stopped the run (it may loop forever). */
  readonly stoppedAfter?: number;
  /** Steps left out of `steps` (a long run lists its first ones only). */
  readonly unlistedSteps?: number;
}

const TRUE_REF = 'dryRun:true';
const FALSE_REF = 'dryRun:false';
const stubRef = (nodeId: string) => `dryRun:${nodeId}`;

interface Prepared {
  readonly blueprint: Blueprint;
  readonly registry: HandlerRegistry;
  readonly notes: readonly DryRunNote[];
}

/** Rewrites the blueprint so that every node runs against a stub, and builds the registry. */
export function prepareDryRun(blueprint: Blueprint, setup: DryRunSetup = {}): Prepared {
  const chunks: Record<string, ChunkHandler> = {};
  const notes: DryRunNote[] = [];
  const stubs = setup.stubs ?? {};
  const choices = setup.caseChoices ?? {};
  const maxSteps = setup.maxSteps ?? DEFAULT_MAX_STEPS;
  let steps = 0;
  const tick = (): void => {
    steps += 1;
    if (steps > maxSteps) throw new DryRunBudgetError(maxSteps);
  };
  const stubFor = (id: string, fallback: (input: unknown) => unknown): ChunkHandler => {
    const has = Object.prototype.hasOwnProperty.call(stubs, id);
    return (data) => {
      tick();
      return has ? structuredClone(stubs[id]) : fallback(data.input);
    };
  };

  const rewrite = (bp: Blueprint): Blueprint => ({
    ...bp,
    nodes: bp.nodes.map((node): BlueprintNode => {
      switch (node.kind) {
        case 'chunk':
          chunks[stubRef(node.id)] = APPROVAL_REFS.has(node.handler.ref)
            ? stubFor(node.id, () => ({ ...STUB_DECISION }))
            : stubFor(node.id, (input) => input);
          return { ...node, handler: { ref: stubRef(node.id) } };
        case 'pause': {
          chunks[stubRef(node.id)] = stubFor(node.id, () => ({ ...STUB_DECISION }));
          const { options: _options, ...rest } = node;
          void _options;
          notes.push({ nodeId: node.id, text: 'resolves at once with a stub decision.' });
          return { ...rest, kind: 'chunk', handler: { ref: stubRef(node.id) } };
        }
        case 'match':
          return {
            ...node,
            options: { ...node.options, cases: node.options.cases.map((c) => caseOf(node.id, c)) },
          };
        case 'subFlow': {
          const flow = node.options.flow;
          if ('inline' in flow) {
            return {
              ...node,
              options: { ...node.options, flow: { inline: rewrite(flow.inline) } },
            };
          }
          notes.push({ nodeId: node.id, text: 'runs a stored flow, which a dry run cannot load.' });
          return node;
        }
        case 'start':
        case 'event':
        case 'when':
        case 'forEach':
        case 'batch':
        case 'endMatch':
        case 'collect':
        case 'end':
          return node;
      }
    }),
  });

  const caseOf = (matchId: string, c: MatchCaseSpec): MatchCaseSpec => {
    if (c.isElse === true) return c;
    const choice = choices[matchId];
    if (choice !== undefined) {
      return { ...c, when: { ref: choice === c.id ? TRUE_REF : FALSE_REF } };
    }
    if (c.when && !('value' in c.when)) {
      const what = 'expression' in c.when ? 'an expression' : 'a registered condition';
      notes.push({
        nodeId: matchId,
        text: `takes no case that uses ${what} (pick the case it takes to follow one).`,
      });
      return { ...c, when: { ref: FALSE_REF } };
    }
    return c;
  };

  const rewritten = rewrite(blueprint);
  return {
    blueprint: rewritten,
    registry: {
      chunks,
      conditions: {
        [TRUE_REF]: () => (tick(), true),
        [FALSE_REF]: () => (tick(), false),
      },
    },
    notes,
  };
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Runs the flow against stubs and reports every step, fan-out counts and the final state. */
export async function dryRun(blueprint: Blueprint, setup: DryRunSetup = {}): Promise<DryRunResult> {
  const steps: DryStep[] = [];
  const nodes: Record<string, { status: DryNodeStatus; runs: number }> = {};
  const fanOuts: Record<string, FanOutProgress> = {};
  const observer = (o: ExecutionObservation): void => {
    if (o.type === 'node.progress') {
      const { total, done, running, failed, cap } = o;
      fanOuts[o.nodeId] = { total, done, running, failed, cap };
      return;
    }
    if (o.type !== 'node.started' && o.type !== 'node.completed' && o.type !== 'node.failed')
      return;
    const type =
      o.type === 'node.started' ? 'started' : o.type === 'node.completed' ? 'completed' : 'failed';
    const value =
      o.type === 'node.started'
        ? o.input
        : o.type === 'node.completed'
          ? o.output
          : errorText(o.error);
    steps.push({ type, nodeId: o.nodeId, scope: [...o.scope], value });
    const entry = (nodes[o.nodeId] ??= { status: 'running', runs: 0 });
    entry.status = type === 'started' ? 'running' : type === 'completed' ? 'done' : 'failed';
    if (type === 'completed') entry.runs += 1;
  };
  let notes: readonly DryRunNote[] = [];
  try {
    const prepared = prepareDryRun(blueprint, setup);
    notes = prepared.notes;
    const flow = TriggerFlow.fromBlueprint(prepared.blueprint, prepared.registry);
    const execution = flow.createExecution({ autoClose: false, observer });
    await execution.start(setup.input);
    const final = await execution.close();
    const failed = steps.find((s) => s.type === 'failed');
    return {
      ok: !failed,
      error: failed ? `${failed.nodeId} failed: ${String(failed.value)}` : null,
      steps,
      nodes,
      fanOuts,
      final,
      notes,
    };
  } catch (error) {
    const budget = error instanceof DryRunBudgetError ? { stoppedAfter: error.steps } : {};
    return {
      ok: false,
      error: errorText(error),
      steps,
      nodes,
      fanOuts,
      final: null,
      notes,
      ...budget,
    };
  }
}
