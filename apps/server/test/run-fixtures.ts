import type { RunEvent } from '@triggerflow/blueprint';
import type { Api, Client } from './api-harness';

/**
 * Shared pieces of the run and approval API tests (api-runs.test.ts, api-approvals.test.ts):
 * polling helpers that wait on what the server stored (never on sleeps), and small blueprints.
 */

const POLL_MS = 20;
const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Calls `probe` every 20 ms until it returns something other than `undefined`, and returns that;
 * fails naming `what` after `timeoutMs` (default 5 s).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { what: string; timeoutMs?: number },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every stored event of a run, through `runs.events`, a page of `limit` at a time. */
export async function allEvents(client: Client, runId: string, limit = 500): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (;;) {
    const page = await client.runs.events.query({
      id: runId,
      afterSeq: events.at(-1)?.seq ?? 0,
      limit,
    });
    events.push(...(page as RunEvent[]));
    if (page.length < limit) return events;
  }
}

/** A run as the API returns it. */
export type ApiRun = Awaited<ReturnType<Client['runs']['get']['query']>>;
/** A pause prompt as the API returns it. */
export type ApiPrompt = Awaited<
  ReturnType<Client['approvals']['pending']['query']>
>[number]['prompt'];
export type RunStatus = ApiRun['status'];
const ENDED: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/** Waits until the run has one of `statuses` (default: any end), then returns it and its events. */
export async function waitForRun(
  client: Client,
  runId: string,
  statuses: readonly RunStatus[] = ENDED,
): Promise<{ run: ApiRun; events: RunEvent[] }> {
  const run = await waitFor(
    async () => {
      const record = await client.runs.get.query({ id: runId });
      return statuses.includes(record.status) ? record : undefined;
    },
    { what: `run ${runId} to be ${statuses.join(' or ')}` },
  );
  return { run, events: await allEvents(client, runId) };
}

/** Waits until the run has an event of `type`; returns every event stored by then. */
export function waitForEvent(
  client: Client,
  runId: string,
  type: RunEvent['type'],
): Promise<RunEvent[]> {
  return waitFor(
    async () => {
      const events = await allEvents(client, runId);
      return events.some((event) => event.type === type) ? events : undefined;
    },
    { what: `a ${type} event in run ${runId}` },
  );
}

/**
 * Waits until the run is paused with a pending approval that can be decided (the approval row is
 * written just after the `run.paused` event) and returns its prompt. `client` must see it: pass
 * someone who may decide it, or an admin.
 */
export async function waitForPrompt(client: Client, runId: string): Promise<ApiPrompt> {
  const pending = await waitFor(
    async () => {
      const [first] = await client.approvals.pending.query({ runId, all: true });
      return first;
    },
    { what: `a pending approval of run ${runId}` },
  );
  return pending.prompt;
}

export const typesOf = (events: readonly RunEvent[]) => events.map((event) => event.type);
export const seqsOf = (events: readonly RunEvent[]) => events.map((event) => event.seq);
export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** The events of one type, with their payload typed. */
export function ofType<T extends RunEvent['type']>(
  events: readonly RunEvent[],
  type: T,
): Extract<RunEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}

/** `[type, nodeId]` per event (nodeId for node events, null for the others). */
export function stepsOf(events: readonly RunEvent[]): [RunEvent['type'], string | null][] {
  return events.map((event) => [
    event.type,
    'nodeId' in event.payload && event.type.startsWith('node.') ? event.payload.nodeId : null,
  ]);
}

/** Creates a flow of `blueprint` (which must have no issues) and returns its id. */
export async function createFlow(
  client: Client,
  blueprint: { name: string; [key: string]: unknown },
): Promise<string> {
  const created = await client.flows.create.mutate({ name: blueprint.name, blueprint });
  if (created.issues.length > 0) {
    throw new Error(`blueprint "${blueprint.name}" has issues: ${JSON.stringify(created.issues)}`);
  }
  return created.flow.id;
}

/** A flow from one of the sample templates; returns its id. */
export async function templateFlow(api: Api, templateId: string): Promise<string> {
  return (await api.admin.flows.createFromTemplate.mutate({ templateId })).flow.id;
}

/** The input the document-review sample expects. */
export const DOCUMENT = { id: 'D-1', title: 'Q3 report', author: 'bob', url: 'https://d/1' };

/** The input the orchestration playbook expects (a billing ticket: category A). */
export const TICKET = {
  id: 'T-7',
  customer: '  Ann  ',
  text: 'Please refund me',
  priority: 'HIGH',
};

const SCHEMA = 'triggerflow.blueprint/v1' as const;

function chunk(id: string, x: number, ref: string, config: object, parentId?: string) {
  return {
    id,
    kind: 'chunk' as const,
    position: { x, y: 0 },
    handler: { ref, config },
    ...(parentId !== undefined && { parentId }),
  };
}

const start = { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } };
const end = (x: number) => ({ id: 'end', kind: 'end' as const, position: { x, y: 0 } });

/** start → a (`input + 1`) → b (`bExpression`, default `input * 2`) → c (`input - 3`) → end. */
export function chainBlueprint(bExpression = 'input * 2') {
  return {
    schema: SCHEMA,
    name: 'Chain',
    nodes: [
      start,
      chunk('a', 200, 'transform', { expression: 'input + 1' }),
      chunk('b', 400, 'transform', { expression: bExpression }),
      chunk('c', 600, 'transform', { expression: 'input - 3' }),
      end(800),
    ],
    edges: [
      { id: 'e-a', source: 'start', target: 'a' },
      { id: 'e-b', source: 'a', target: 'b' },
      { id: 'e-c', source: 'b', target: 'c' },
      { id: 'e-end', source: 'c', target: 'end' },
    ],
  };
}

/**
 * start → forEach (`concurrency` at a time) whose body squares each item → end; wired as
 * orchestration-playbook.json wires its forEach (`item` → body → the group's `end` handle).
 */
export function forEachBlueprint(concurrency: number) {
  return {
    schema: SCHEMA,
    name: 'Squares',
    nodes: [
      start,
      {
        id: 'each',
        kind: 'forEach' as const,
        position: { x: 200, y: 0 },
        size: { width: 240, height: 140 },
        options: { concurrency },
      },
      chunk('square', 40, 'transform', { expression: 'input * input' }, 'each'),
      end(600),
    ],
    edges: [
      { id: 'e-in', source: 'start', target: 'each' },
      { id: 'e-item', source: 'each', sourceHandle: 'item', target: 'square' },
      { id: 'e-body-end', source: 'square', target: 'each', targetHandle: 'end' },
      { id: 'e-out', source: 'each', sourceHandle: 'out', target: 'end' },
    ],
  };
}

/**
 * start → approval `ask` (approver role, quorum 1, `timeout` if given) → match on the outcome
 * (approved → `ok`, timedOut → `late`, rejected → the else case, which ends the run) → end.
 */
export function approvalBlueprint(timeout?: { afterMs: number; action: 'branch' }) {
  return {
    schema: SCHEMA,
    name: timeout ? 'Quick approval' : 'Approval',
    nodes: [
      start,
      chunk('ask', 200, 'approval', {
        title: 'Go ahead?',
        approvers: { roles: ['approver'] },
        ...(timeout && { timeout }),
      }),
      {
        id: 'route',
        kind: 'match' as const,
        position: { x: 400, y: 0 },
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'approved', when: { expression: "input.outcome = 'approved'" } },
            { id: 'timedOut', when: { expression: "input.outcome = 'timedOut'" } },
            // Rejected: the else case leads nowhere, so the run ends there.
            { id: 'rejected', isElse: true },
          ],
        },
      },
      chunk('ok', 600, 'transform', { expression: "'went ahead'" }),
      chunk('late', 600, 'transform', { expression: "'timed out'" }),
      end(800),
    ],
    edges: [
      { id: 'e-ask', source: 'start', target: 'ask' },
      { id: 'e-route', source: 'ask', target: 'route' },
      { id: 'e-ok', source: 'route', sourceHandle: 'case:approved', target: 'ok' },
      { id: 'e-late', source: 'route', sourceHandle: 'case:timedOut', target: 'late' },
      { id: 'e-ok-end', source: 'ok', target: 'end' },
      { id: 'e-late-end', source: 'late', target: 'end' },
    ],
  };
}

/**
 * start → list (`items` of `{ run: input.n, i }`) → forEach (2 at a time: delay `delayMs` → square)
 * → keep the results (state `results`) → approval (role approver, quorum 1) → record (state
 * `final` = `record`, JSONata over `{ input, state }`) → end. Runs spend a while in their forEach,
 * so a kill finds some in the middle of it (crash and queue-mode tests).
 */
export function slowForEachApprovalFlow(options: {
  name: string;
  items: number;
  delayMs: number;
  approvalTitle: string;
  record: string;
}) {
  const step = (id: string, x: number, ref: string, config: object, parentId?: string) => ({
    id,
    kind: 'chunk' as const,
    position: { x, y: 0 },
    handler: { ref, config },
    ...(parentId !== undefined && { parentId }),
  });
  const { items, delayMs } = options;
  return {
    schema: 'triggerflow.blueprint/v1' as const,
    name: options.name,
    nodes: [
      { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
      step('list', 200, 'transform', {
        expression: `[$map([1..${items}], function($i) { { 'run': $$.input.n, 'i': $i } })]`,
      }),
      {
        id: 'each',
        kind: 'forEach' as const,
        position: { x: 400, y: 0 },
        size: { width: 240, height: 140 },
        options: { concurrency: 2 },
      },
      step('wait', 20, 'delay', { ms: delayMs }, 'each'),
      step(
        'square',
        130,
        'transform',
        { expression: "{ 'run': input.run, 'i': input.i, 'sq': input.i * input.i }" },
        'each',
      ),
      step('keep', 700, 'setState', { key: 'results' }),
      step('approve', 900, 'approval', {
        title: options.approvalTitle,
        payload: 'input',
        approvers: { roles: ['approver'] },
        quorum: 1,
      }),
      step('record', 1100, 'setState', { key: 'final', value: options.record }),
      { id: 'end', kind: 'end' as const, position: { x: 1300, y: 0 } },
    ],
    edges: [
      { id: 'e-start', source: 'start', target: 'list' },
      { id: 'e-list', source: 'list', target: 'each' },
      { id: 'e-item', source: 'each', sourceHandle: 'item', target: 'wait' },
      { id: 'e-wait', source: 'wait', target: 'square' },
      { id: 'e-square-end', source: 'square', target: 'each', targetHandle: 'end' },
      { id: 'e-each-out', source: 'each', sourceHandle: 'out', target: 'keep' },
      { id: 'e-keep', source: 'keep', target: 'approve' },
      { id: 'e-approve', source: 'approve', target: 'record' },
      { id: 'e-record', source: 'record', target: 'end' },
    ],
  };
}

/** What the forEach of `slowForEachApprovalFlow` outputs for run number `n`. */
export const squaresOf = (n: number, items: number) =>
  Array.from({ length: items }, (_, k) => ({ run: n, i: k + 1, sq: (k + 1) * (k + 1) }));
