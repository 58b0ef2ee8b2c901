import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { RunEvent } from '@triggerflow/blueprint';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src';
import { cleanBlueprint, expectApiError, startApi, type Api, type Client } from './api-harness';

/**
 * The issue's robustness check: well over 200 malformed inputs across the tRPC procedures, the raw
 * HTTP endpoint and the Socket.IO events, each refused with a 4xx-class error that names the field
 * (never INTERNAL_SERVER_ERROR); afterwards the process is healthy and valid calls still work.
 */

type Kind = 'query' | 'mutate';
type Caller = 'admin' | 'viewer' | 'anonymous';
/** [procedure, query or mutation, input, text the error must contain (the field), caller] */
type Case = [string, Kind, unknown, string, Caller?];

interface Ids {
  flow: string;
  user: string;
  /** A completed run of `flow`. */
  run: string;
  /** A run (started by the admin) paused at the approval `interrupt`. */
  paused: string;
  interrupt: string;
}

const WAIT_MS = 10_000;
const bp = cleanBlueprint();
const long = (n: number) => 'x'.repeat(n);
const withNode = (node: unknown) => ({ ...bp, nodes: [node] });

/** start → approval (approver role; the starter may not approve) → end. */
const gateBlueprint = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Gate',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'approve',
      kind: 'chunk' as const,
      position: { x: 200, y: 0 },
      handler: {
        ref: 'approval',
        config: { title: 'Let it through?', approvers: { roles: ['approver'] } },
      },
    },
    { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'approve' },
    { id: 'e2', source: 'approve', target: 'end' },
  ],
};

/** Flows, auth and users. */
function flowCases(ids: Ids): Case[] {
  const { flow, user } = ids;
  return [
    ['flows.list', 'query', { limit: 0 }, 'limit'],
    ['flows.list', 'query', { limit: 'ten' }, 'limit'],
    ['flows.list', 'query', { limit: 1.5 }, 'limit'],
    ['flows.list', 'query', { limit: 201 }, 'limit'],
    ['flows.list', 'query', { search: 5 }, 'search'],
    ['flows.list', 'query', { cursor: 7 }, 'cursor'],
    ['flows.list', 'query', { cursor: 'not-a-cursor' }, 'cursor'],
    ['flows.list', 'query', 'everything', 'input'],
    ['flows.get', 'query', {}, 'id'],
    ['flows.get', 'query', { id: '' }, 'id'],
    ['flows.get', 'query', { id: 5 }, 'id'],
    ['flows.get', 'query', { id: long(101) }, 'id'],
    ['flows.get', 'query', { id: 'missing-flow' }, 'missing-flow'],
    ['flows.get', 'query', null, 'input'],
    ['flows.create', 'mutate', {}, 'name'],
    ['flows.create', 'mutate', { name: '  ', blueprint: bp }, 'name'],
    ['flows.create', 'mutate', { name: long(201), blueprint: bp }, 'name'],
    ['flows.create', 'mutate', { name: 'x' }, 'blueprint'],
    ['flows.create', 'mutate', { name: 'x', blueprint: 'flow' }, 'blueprint'],
    ['flows.create', 'mutate', { name: 'x', blueprint: [] }, 'blueprint'],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: { ...bp, schema: 'v0' } },
      'blueprint.schema',
    ],
    ['flows.create', 'mutate', { name: 'x', blueprint: { ...bp, name: 1 } }, 'blueprint.name'],
    ['flows.create', 'mutate', { name: 'x', blueprint: { ...bp, nodes: 'a' } }, 'blueprint.nodes'],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: withNode({ id: 1, kind: 'start' }) },
      'blueprint.nodes.0.id',
    ],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: withNode({ id: 'a', kind: 'magic' }) },
      'blueprint.nodes.0.kind',
    ],
    [
      'flows.create',
      'mutate',
      { name: 'x', blueprint: { ...bp, edges: [{ id: 'e', source: 'start' }] } },
      'blueprint.edges.0.target',
    ],
    ['flows.create', 'mutate', { name: 'x', blueprint: bp, description: 5 }, 'description'],
    ['flows.create', 'mutate', { name: 'x', blueprint: bp, note: long(501) }, 'note'],
    ['flows.update', 'mutate', {}, 'id'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 0 }, 'expectedVersion'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 'one' }, 'expectedVersion'],
    ['flows.update', 'mutate', { id: flow, blueprint: 42 }, 'blueprint'],
    ['flows.update', 'mutate', { id: flow, name: 7 }, 'name'],
    ['flows.update', 'mutate', { id: flow, expectedVersion: 9, name: 'n' }, 'version'],
    ['flows.update', 'mutate', { id: 'gone', name: 'n' }, 'gone'],
    ['flows.delete', 'mutate', { id: null }, 'id'],
    ['flows.versions', 'query', { id: [] }, 'id'],
    ['flows.getVersion', 'query', { id: flow }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: -1 }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: 2.5 }, 'version'],
    ['flows.getVersion', 'query', { id: flow, version: 99 }, `${flow}@99`],
    ['flows.validate', 'query', {}, 'blueprint'],
    ['flows.import', 'mutate', { blueprint: '{not json' }, 'blueprint'],
    ['flows.import', 'mutate', { blueprint: 42 }, 'blueprint'],
    [
      'flows.import',
      'mutate',
      { blueprint: '{"schema":"triggerflow.blueprint/v9"}' },
      'blueprint.schema',
    ],
    ['flows.import', 'mutate', { blueprint: bp, name: '' }, 'name'],
    ['flows.export', 'query', { id: flow, version: 'latest' }, 'version'],
    ['flows.createFromTemplate', 'mutate', { templateId: 'nope' }, 'templateId'],
    ['flows.createFromTemplate', 'mutate', {}, 'templateId'],
    ['flows.createFromTemplate', 'mutate', { templateId: 'document-review', name: '' }, 'name'],
    ['auth.signIn', 'mutate', {}, 'token'],
    ['auth.signIn', 'mutate', { token: '' }, 'token'],
    ['auth.signIn', 'mutate', { token: 'tf_forged' }, 'token'],
    ['auth.createApiToken', 'mutate', {}, 'label'],
    ['auth.createApiToken', 'mutate', { label: long(101) }, 'label'],
    ['auth.createApiToken', 'mutate', { label: 'x', expiresInDays: 0 }, 'expiresInDays'],
    ['auth.revoke', 'mutate', {}, 'tokenId'],
    ['auth.revoke', 'mutate', { tokenId: 'no-such-token' }, 'no-such-token'],
    ['users.create', 'mutate', { roles: ['viewer'] }, 'name'],
    ['users.create', 'mutate', { name: 'x', roles: [] }, 'roles'],
    ['users.create', 'mutate', { name: 'x', roles: ['god'] }, 'roles.0'],
    ['users.create', 'mutate', { name: 'x', roles: 'admin' }, 'roles'],
    ['users.setRoles', 'mutate', { userId: user }, 'roles'],
    ['users.setRoles', 'mutate', { roles: ['viewer'] }, 'userId'],
    ['users.setRoles', 'mutate', { userId: 'nobody', roles: ['viewer'] }, 'nobody'],
    ['users.signInLink', 'mutate', {}, 'userId'],
  ];
}

/** runs.start/list/get/events/cancel/rerun. */
function runCases(ids: Ids): Case[] {
  const { flow, run, paused } = ids;
  const start = (input: unknown, field: string, caller?: Caller): Case =>
    caller === undefined
      ? ['runs.start', 'mutate', input, field]
      : ['runs.start', 'mutate', input, field, caller];
  const list = (input: unknown, field: string): Case => ['runs.list', 'query', input, field];
  const get = (input: unknown, field: string): Case => ['runs.get', 'query', input, field];
  const events = (input: unknown, field: string): Case => ['runs.events', 'query', input, field];
  const cancel = (input: unknown, field: string): Case => ['runs.cancel', 'mutate', input, field];
  const rerun = (input: unknown, field: string): Case => ['runs.rerun', 'mutate', input, field];
  return [
    start({}, 'flowId'),
    start({ input: { n: 1 } }, 'flowId'),
    start({ flowId: '' }, 'flowId'),
    start({ flowId: '   ' }, 'flowId'),
    start({ flowId: 5 }, 'flowId'),
    start({ flowId: null }, 'flowId'),
    start({ flowId: long(101) }, 'flowId'),
    start({ flowId: [flow] }, 'flowId'),
    start({ flowId: { id: flow, nested: { garbage: [1, 2] } } }, 'flowId'),
    start({ flowId: 'missing-flow' }, 'missing-flow'),
    start({ flowId: flow, version: 0 }, 'version'),
    start({ flowId: flow, version: -1 }, 'version'),
    start({ flowId: flow, version: 1.5 }, 'version'),
    start({ flowId: flow, version: '1' }, 'version'),
    start({ flowId: flow, version: 'latest' }, 'version'),
    start({ flowId: flow, version: null }, 'version'),
    start({ flowId: flow, version: 2 ** 53 }, 'version'),
    start({ flowId: flow, version: { n: 1 } }, 'version'),
    start({ flowId: flow, version: 99 }, `${flow}@99`),
    start('start it', 'input'),
    start(null, 'input'),
    start([flow], 'input'),
    start(42, 'input'),
    start({ flowId: flow }, 'editor', 'viewer'),
    start({ flowId: flow }, 'sign in', 'anonymous'),

    list({ limit: 0 }, 'limit'),
    list({ limit: 201 }, 'limit'),
    list({ limit: -1 }, 'limit'),
    list({ limit: 2.5 }, 'limit'),
    list({ limit: 'ten' }, 'limit'),
    list({ limit: null }, 'limit'),
    list({ cursor: 5 }, 'cursor'),
    list({ cursor: 'not-a-cursor' }, 'cursor'),
    list({ cursor: long(501) }, 'cursor'),
    list({ cursor: { after: 1 } }, 'cursor'),
    list({ status: 'exploded' }, 'status'),
    list({ status: 'RUNNING' }, 'status'),
    list({ status: [] }, 'status'),
    list({ status: ['running', 'nope'] }, 'status'),
    list(
      { status: ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'x'] },
      'status',
    ),
    list({ status: 1 }, 'status'),
    list({ status: { running: true } }, 'status'),
    list({ flowId: '' }, 'flowId'),
    list({ flowId: 5 }, 'flowId'),
    list({ flowId: long(101) }, 'flowId'),
    list({ flowId: ['a', 'b'] }, 'flowId'),
    list('all', 'input'),
    list([], 'input'),
    list(7, 'input'),
    ['runs.list', 'query', undefined, 'sign in', 'anonymous'],

    get({}, 'id'),
    get({ id: '' }, 'id'),
    get({ id: '  ' }, 'id'),
    get({ id: 5 }, 'id'),
    get({ id: null }, 'id'),
    get({ id: true }, 'id'),
    get({ id: long(101) }, 'id'),
    get({ id: [run] }, 'id'),
    get({ id: { nested: { garbage: true } } }, 'id'),
    get({ runId: run }, 'id'),
    get({ id: 'no-such-run' }, 'no-such-run'),
    get(run, 'input'),
    get(null, 'input'),
    ['runs.get', 'query', { id: run }, 'sign in', 'anonymous'],

    events({}, 'id'),
    events({ afterSeq: 0 }, 'id'),
    events({ id: '' }, 'id'),
    events({ id: 9 }, 'id'),
    events({ id: 'no-such-run' }, 'no-such-run'),
    events({ id: run, afterSeq: -1 }, 'afterSeq'),
    events({ id: run, afterSeq: -0.5 }, 'afterSeq'),
    events({ id: run, afterSeq: 1.5 }, 'afterSeq'),
    events({ id: run, afterSeq: '3' }, 'afterSeq'),
    events({ id: run, afterSeq: null }, 'afterSeq'),
    events({ id: run, afterSeq: true }, 'afterSeq'),
    events({ id: run, afterSeq: [1] }, 'afterSeq'),
    events({ id: run, afterSeq: { gt: 1 } }, 'afterSeq'),
    events({ id: run, afterSeq: 2 ** 53 }, 'afterSeq'),
    events({ id: run, afterSeq: 1e300 }, 'afterSeq'),
    // Not JSON: the client sends NaN and Infinity as null.
    events({ id: run, afterSeq: Number.NaN }, 'afterSeq'),
    events({ id: run, afterSeq: Number.POSITIVE_INFINITY }, 'afterSeq'),
    events({ id: run, limit: 0 }, 'limit'),
    events({ id: run, limit: -5 }, 'limit'),
    events({ id: run, limit: 1001 }, 'limit'),
    events({ id: run, limit: 10.5 }, 'limit'),
    events({ id: run, limit: 'all' }, 'limit'),
    events({ id: run, limit: Number.NEGATIVE_INFINITY }, 'limit'),
    events('everything', 'input'),
    ['runs.events', 'query', { id: run }, 'sign in', 'anonymous'],

    cancel({}, 'id'),
    cancel({ reason: 'because' }, 'id'),
    cancel({ id: '' }, 'id'),
    cancel({ id: 17 }, 'id'),
    cancel({ id: long(101) }, 'id'),
    cancel({ id: 'no-such-run' }, 'no-such-run'),
    cancel({ id: run }, run),
    cancel({ id: paused, reason: '' }, 'reason'),
    cancel({ id: paused, reason: '   ' }, 'reason'),
    cancel({ id: paused, reason: 5 }, 'reason'),
    cancel({ id: paused, reason: long(501) }, 'reason'),
    cancel({ id: paused, reason: ['a'] }, 'reason'),
    cancel({ id: paused, reason: { why: 'no' } }, 'reason'),
    cancel(paused, 'input'),
    ['runs.cancel', 'mutate', { id: paused }, 'editor', 'viewer'],
    ['runs.cancel', 'mutate', { id: paused }, 'sign in', 'anonymous'],

    rerun({}, 'id'),
    rerun({ id: run }, 'nodeId'),
    rerun({ nodeId: 'double' }, 'id'),
    rerun({ id: run, nodeId: '' }, 'nodeId'),
    rerun({ id: run, nodeId: 5 }, 'nodeId'),
    rerun({ id: run, nodeId: long(101) }, 'nodeId'),
    rerun({ id: run, nodeId: { id: 'double' } }, 'nodeId'),
    rerun({ id: run, nodeId: 'ghost' }, 'nodeId'),
    rerun({ id: paused, nodeId: 'end' }, 'nodeId'),
    rerun({ id: 'no-such-run', nodeId: 'double' }, 'no-such-run'),
    rerun({ id: run, nodeId: 'double', version: 0 }, 'version'),
    rerun({ id: run, nodeId: 'double', version: -3 }, 'version'),
    rerun({ id: run, nodeId: 'double', version: 1.25 }, 'version'),
    rerun({ id: run, nodeId: 'double', version: 'newest' }, 'version'),
    rerun({ id: run, nodeId: 'double', version: 'LATEST' }, 'version'),
    rerun({ id: run, nodeId: 'double', version: null }, 'version'),
    rerun({ id: run, nodeId: 'double', version: 99 }, `${flow}@99`),
    rerun([run, 'double'], 'input'),
    ['runs.rerun', 'mutate', { id: run, nodeId: 'double' }, 'editor', 'viewer'],
    ['runs.rerun', 'mutate', { id: run, nodeId: 'double' }, 'sign in', 'anonymous'],
  ];
}

/** approvals.pending/decide. None of these may decide the paused run's prompt. */
function approvalCases(ids: Ids): Case[] {
  const { paused: runId, interrupt: interruptId } = ids;
  const pending = (input: unknown, field: string): Case => [
    'approvals.pending',
    'query',
    input,
    field,
  ];
  const key = 'malformed-key-1';
  const reject = { runId, interruptId, outcome: 'rejected', idempotencyKey: key };
  const decide = (input: unknown, field: string, caller?: Caller): Case =>
    caller === undefined
      ? ['approvals.decide', 'mutate', input, field]
      : ['approvals.decide', 'mutate', input, field, caller];
  return [
    pending({ runId: '' }, 'runId'),
    pending({ runId: 5 }, 'runId'),
    pending({ runId: long(101) }, 'runId'),
    pending({ runId: [runId] }, 'runId'),
    pending({ all: 'yes' }, 'all'),
    pending({ all: 1 }, 'all'),
    pending({ all: null }, 'all'),
    pending({ all: { really: true } }, 'all'),
    pending('all', 'input'),
    pending([], 'input'),
    pending(null, 'input'),
    ['approvals.pending', 'query', undefined, 'sign in', 'anonymous'],

    decide({}, 'runId'),
    decide({ interruptId, idempotencyKey: key, outcome: 'rejected' }, 'runId'),
    decide({ ...reject, runId: '' }, 'runId'),
    decide({ ...reject, runId: 12 }, 'runId'),
    decide({ ...reject, runId: long(101) }, 'runId'),
    decide({ ...reject, runId: { id: runId } }, 'runId'),
    decide({ ...reject, runId: 'no-such-run' }, 'no-such-run'),
    decide({ runId, idempotencyKey: key, outcome: 'rejected' }, 'interruptId'),
    decide({ ...reject, interruptId: '' }, 'interruptId'),
    decide({ ...reject, interruptId: 3 }, 'interruptId'),
    decide({ ...reject, interruptId: long(301) }, 'interruptId'),
    decide({ ...reject, interruptId: ['a'] }, 'interruptId'),
    decide({ ...reject, interruptId: 'no-such-pause' }, 'no-such-pause'),
    decide({ runId, interruptId, outcome: 'rejected' }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: '' }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: '1234567' }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: '      12      ' }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: long(201) }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: long(100_000) }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: 12_345_678 }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: { key } }, 'idempotencyKey'),
    decide({ ...reject, idempotencyKey: null }, 'idempotencyKey'),
    decide({ ...reject, outcome: 'maybe' }, 'outcome'),
    decide({ ...reject, outcome: 'APPROVED' }, 'outcome'),
    decide({ ...reject, outcome: true }, 'outcome'),
    decide({ ...reject, outcome: ['approved'] }, 'outcome'),
    decide({ ...reject, outcome: null }, 'outcome'),
    // No outcome and no decision in the response: the server cannot tell the vote.
    decide({ runId, interruptId, idempotencyKey: key }, 'outcome'),
    decide({ runId, interruptId, idempotencyKey: key, response: { comment: 'hm' } }, 'outcome'),
    decide({ runId, interruptId, idempotencyKey: key, response: { decision: 'maybe' } }, 'outcome'),
    // The response must match the prompt's form: { decision: approve|reject, comment? }.
    decide({ ...reject, response: { decision: 'maybe' } }, 'response.decision'),
    decide({ ...reject, response: { decision: 7 } }, 'response.decision'),
    decide({ ...reject, response: { comment: 'no decision' } }, 'response.decision'),
    decide({ ...reject, response: { decision: 'reject', comment: 5 } }, 'response.comment'),
    decide({ ...reject, response: { decision: 'reject', extra: { deep: [1] } } }, 'response.extra'),
    decide({ ...reject, response: 'no' }, 'response'),
    decide({ ...reject, response: ['reject'] }, 'response'),
    decide({ ...reject, response: 0 }, 'response'),
    // The admin started the run and the prompt does not allow self-approval.
    decide(
      { runId, interruptId, idempotencyKey: key, response: { decision: 'approve' } },
      'self-approval',
    ),
    decide(
      { ...reject, outcome: 'approved', response: { decision: 'approve' } },
      'approver',
      'viewer',
    ),
    decide({ ...reject, response: { decision: 'reject' } }, 'sign in', 'anonymous'),
    decide('approve', 'input'),
    decide(null, 'input'),
    decide([reject], 'input'),
  ];
}

/** Requests a tRPC client cannot make: [what, method, path and query, body, status, text]. */
type RawCase = [string, 'GET' | 'POST', string, string | Buffer | undefined, number, string];

function rawCases(ids: Ids): RawCase[] {
  const query = (input: unknown) => encodeURIComponent(JSON.stringify(input));
  return [
    ['not JSON', 'POST', '/trpc/runs.start', '{not json', 400, 'JSON'],
    ['an empty body', 'POST', '/trpc/approvals.decide', '', 400, 'JSON'],
    [
      'bytes that are not UTF-8',
      'POST',
      '/trpc/runs.start',
      Buffer.from([0x7b, 0xff, 0x7d]),
      400,
      'JSON',
    ],
    ['null', 'POST', '/trpc/runs.cancel', 'null', 400, 'input'],
    ['a JSON string', 'POST', '/trpc/runs.rerun', '"rerun"', 400, 'input'],
    [
      'not JSON in the URL',
      'GET',
      `/trpc/runs.get?input=${encodeURIComponent('{nope')}`,
      undefined,
      400,
      'JSON',
    ],
    [
      'a negative afterSeq',
      'GET',
      `/trpc/runs.events?input=${query({ id: ids.run, afterSeq: -1 })}`,
      undefined,
      400,
      'afterSeq',
    ],
    // Queries may be POSTed (inputs too large for a URL): it is read like a GET.
    [
      'a query sent as POST',
      'POST',
      '/trpc/runs.get',
      JSON.stringify({ id: 'no-such-run' }),
      404,
      'no-such-run',
    ],
    [
      'a mutation sent as GET',
      'GET',
      `/trpc/runs.start?input=${query({ flowId: ids.flow })}`,
      undefined,
      405,
      'runs.start',
    ],
    ['an unknown procedure', 'POST', '/trpc/runs.explode', '{}', 404, 'runs.explode'],
    [
      'a body over 10 MB',
      'POST',
      '/trpc/runs.start',
      JSON.stringify({ flowId: ids.flow, input: long(11_000_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a batch of wrong types',
      'GET',
      `/trpc/runs.get,approvals.pending?batch=1&input=${query({ 0: { id: 5 }, 1: { all: 'x' } })}`,
      undefined,
      400,
      'id',
    ],
  ];
}

/** [event, arguments before the ack, expected code, text the error must contain] */
type SocketCase = [string, unknown[], string, string];

function socketCases(ids: Ids): SocketCase[] {
  const { run } = ids;
  const bad = (event: string, payload: unknown, field: string): SocketCase => [
    event,
    [payload],
    'BAD_REQUEST',
    field,
  ];
  const sub = (payload: unknown, field: string) => bad('run:subscribe', payload, field);
  const unsub = (payload: unknown, field: string) => bad('run:unsubscribe', payload, field);
  const inbox = (payload: unknown, field: string) => bad('approvals:subscribe', payload, field);
  const bytes = Buffer.from('not a run id');
  return [
    sub({ runId: 42 }, 'runId'),
    sub({}, 'runId'),
    sub({ afterSeq: 0 }, 'runId'),
    sub({ runId: '' }, 'runId'),
    sub({ runId: long(201) }, 'runId'),
    sub({ runId: null }, 'runId'),
    sub({ runId: true }, 'runId'),
    sub({ runId: [run] }, 'runId'),
    sub({ runId: { id: run } }, 'runId'),
    sub({ runId: bytes }, 'runId'),
    sub({ runId: run, afterSeq: -1 }, 'afterSeq'),
    sub({ runId: run, afterSeq: -0.5 }, 'afterSeq'),
    sub({ runId: run, afterSeq: 1.5 }, 'afterSeq'),
    sub({ runId: run, afterSeq: '1' }, 'afterSeq'),
    sub({ runId: run, afterSeq: null }, 'afterSeq'),
    sub({ runId: run, afterSeq: true }, 'afterSeq'),
    sub({ runId: run, afterSeq: [1] }, 'afterSeq'),
    sub({ runId: run, afterSeq: { gt: 0 } }, 'afterSeq'),
    sub({ runId: run, afterSeq: 2 ** 53 }, 'afterSeq'),
    sub({ runId: run, afterSeq: 1e300 }, 'afterSeq'),
    // Not JSON: socket.io sends NaN and Infinity as null.
    sub({ runId: run, afterSeq: Number.NaN }, 'afterSeq'),
    sub({ runId: run, afterSeq: Number.POSITIVE_INFINITY }, 'afterSeq'),
    sub({ runId: run, garbage: { deep: { er: [1, { still: true }] } } }, 'garbage'),
    sub({ runId: run, afterSeq: 0, limit: 10 }, 'limit'),
    sub('just a string', 'payload'),
    sub(null, 'payload'),
    sub([run], 'payload'),
    sub(42, 'payload'),
    sub(true, 'payload'),
    sub(bytes, 'runId'),
    ['run:subscribe', [], 'BAD_REQUEST', 'payload'],
    ['run:subscribe', [{ runId: run }, 'extra'], 'BAD_REQUEST', 'payload'],
    ['run:subscribe', [{ runId: 'no-such-run' }], 'NOT_FOUND', 'no-such-run'],
    ['run:subscribe', [{ runId: '   ' }], 'NOT_FOUND', 'runId'],

    unsub({}, 'runId'),
    unsub({ id: run }, 'runId'),
    unsub({ runId: 5 }, 'runId'),
    unsub({ runId: '' }, 'runId'),
    unsub({ runId: long(201) }, 'runId'),
    unsub({ runId: [run] }, 'runId'),
    unsub({ runId: run, afterSeq: 3 }, 'afterSeq'),
    unsub({ runId: run, extra: { nested: [] } }, 'extra'),
    unsub(null, 'payload'),
    unsub(run, 'payload'),
    unsub([], 'payload'),
    unsub(0, 'payload'),
    ['run:unsubscribe', [], 'BAD_REQUEST', 'payload'],
    ['run:unsubscribe', [{ runId: run }, { runId: run }], 'BAD_REQUEST', 'payload'],

    inbox({ all: true }, 'all'),
    inbox({ runId: run }, 'runId'),
    inbox({ filter: { nested: { garbage: 1 } } }, 'filter'),
    inbox('inbox', 'payload'),
    inbox(null, 'payload'),
    inbox(42, 'payload'),
    inbox([], 'payload'),
    inbox(false, 'payload'),
    // A binary payload is read as an object whose keys (even Buffer methods) are unknown fields.
    inbox(bytes, 'unknown field'),
    ['approvals:subscribe', [{}, {}], 'BAD_REQUEST', 'payload'],
  ];
}

/** The real tRPC client, batching, with URLs short enough for many queries at once. */
function batchingClient(baseUrl: string, token?: string): Client {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        maxURLLength: 4_000,
        maxItems: 100,
        headers: () => (token === undefined ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });
}

/** Calls `path` with any input, bypassing the client's types (the server must cope). */
function call(client: Client, path: string, kind: Kind, input: unknown): Promise<unknown> {
  const [group = '', name = ''] = path.split('.');
  const procedures = client as unknown as Record<
    string,
    Record<string, Record<Kind, (input: unknown) => Promise<unknown>>>
  >;
  return procedures[group]![name]![kind](input);
}

/** Polls `probe` until it returns a value; fails after WAIT_MS. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const codes4xx = ['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'CONFLICT'];

describe('malformed inputs', () => {
  let api: Api;
  let ids: Ids;
  let approver: Awaited<ReturnType<Api['userWith']>>;
  let viewer: Awaited<ReturnType<Api['userWith']>>;
  let socket: Socket;
  const runEvents: RunEvent[] = [];
  let all: { trpc: Case[]; raw: RawCase[]; socket: SocketCase[]; noAck: unknown[][] };

  beforeAll(async () => {
    api = await startApi();
    const flow = await api.admin.flows.create.mutate({ name: 'Target', blueprint: bp });
    viewer = await api.userWith(['viewer']);
    approver = await api.userWith(['approver']);
    const gate = await api.admin.flows.create.mutate({ name: 'Gate', blueprint: gateBlueprint });
    expect([flow.issues, gate.issues]).toEqual([[], []]);

    const done = await api.admin.runs.start.mutate({ flowId: flow.flow.id, input: 21 });
    const paused = await api.admin.runs.start.mutate({ flowId: gate.flow.id, input: { n: 1 } });
    await eventually('the run to complete', async () => {
      const { status } = await api.admin.runs.get.query({ id: done.id });
      return status === 'completed' ? status : undefined;
    });
    const prompt = await eventually('the run to pause', async () => {
      const [first] = await api.admin.approvals.pending.query({ runId: paused.id });
      return first?.prompt;
    });
    ids = {
      flow: flow.flow.id,
      user: viewer.id,
      run: done.id,
      paused: paused.id,
      interrupt: prompt.interruptId,
    };
    all = {
      trpc: [...flowCases(ids), ...runCases(ids), ...approvalCases(ids)],
      raw: rawCases(ids),
      socket: socketCases(ids),
      // Without an ack the server cannot answer: the request is ignored.
      noAck: [
        ['run:subscribe', { runId: ids.run }],
        ['run:subscribe', { runId: 42 }],
        ['run:subscribe'],
        ['run:unsubscribe', { runId: ids.run }],
        ['approvals:subscribe', {}],
        ['approvals:subscribe'],
      ],
    };

    socket = io(api.server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: api.adminToken },
    });
    socket.on('run:events', (events: RunEvent[]) => void runEvents.push(...events));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket.disconnect();
    await api.close();
  });

  it('answers each procedure call with a 4xx error naming the field', async () => {
    const clients: Record<Caller, Client> = {
      admin: batchingClient(api.server.url, api.adminToken),
      viewer: batchingClient(api.server.url, viewer.token),
      anonymous: batchingClient(api.server.url),
    };
    const cases = all.trpc;
    expect(cases.length).toBeGreaterThanOrEqual(200);
    // All at once: the client batches them, so one HTTP request carries many failures.
    const outcomes = await Promise.all(
      cases.map(([path, kind, input, , caller = 'admin']) =>
        call(clients[caller], path, kind, input).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    const wrong = cases.flatMap(([path, , input, field, caller], index): object[] => {
      const error = outcomes[index];
      if (!(error instanceof TRPCClientError)) return [{ path, input, got: 'no error' }];
      const { data, message } = error as TRPCClientError<AppRouter>;
      const status = data?.httpStatus ?? 0;
      const text = `${message} ${JSON.stringify(data?.issues ?? [])}`;
      const ok =
        status >= 400 &&
        status < 500 &&
        codes4xx.includes(data?.code ?? '') &&
        text.includes(field);
      return ok ? [] : [{ path, input, caller, field, status, message }];
    });
    expect(wrong).toEqual([]);
    // Nothing was decided or cancelled on the way.
    expect((await api.admin.runs.get.query({ id: ids.paused })).status).toBe('paused');
    expect(await api.admin.approvals.pending.query({ runId: ids.paused })).toMatchObject([
      { votes: [] },
    ]);
  });

  it('answers raw HTTP requests a client would not send with 4xx errors', async () => {
    const wrong: object[] = [];
    for (const [what, method, path, body, status, text] of all.raw) {
      const response = await fetch(`${api.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body }),
      });
      const answer = await response.text();
      const ok =
        response.status === status &&
        answer.includes(text) &&
        !answer.includes('INTERNAL_SERVER_ERROR');
      if (!ok) wrong.push({ what, status: response.status, answer: answer.slice(0, 300) });
    }
    expect(wrong).toEqual([]);
  });

  it('answers each malformed socket request with a 4xx ack naming the field', async () => {
    const answers = await Promise.all(
      all.socket.map(
        ([event, args]) => socket.timeout(WAIT_MS).emitWithAck(event, ...args) as Promise<unknown>,
      ),
    );
    const wrong = all.socket.flatMap(([event, args, code, field], index): object[] => {
      const answer = answers[index] as {
        ok?: boolean;
        error?: { code?: string; message?: string; issues?: unknown[] };
      };
      const text = `${answer.error?.message ?? ''} ${JSON.stringify(answer.error?.issues ?? [])}`;
      const ok = answer.ok === false && answer.error?.code === code && text.includes(field);
      return ok ? [] : [{ event, args, code, field, answer }];
    });
    expect(wrong).toEqual([]);
    expect(socket.connected).toBe(true);
    expect(runEvents).toEqual([]);
  });

  it('ignores socket requests without an ack: no subscription, no crash', async () => {
    for (const [event, ...args] of all.noAck) socket.emit(event as 'run:subscribe', ...args);
    // The catch-up of a subscription the ignored requests would have made comes before this one's.
    const { lastSeq } = await api.admin.runs.get.query({ id: ids.run });
    const ack: unknown = await socket
      .timeout(WAIT_MS)
      .emitWithAck('run:subscribe', { runId: ids.run, afterSeq: lastSeq - 1 });
    expect(ack).toEqual({ ok: true, runId: ids.run, lastSeq });
    expect(runEvents.map((event) => event.seq)).toEqual([lastSeq]);
    expect(
      await socket.timeout(WAIT_MS).emitWithAck('run:unsubscribe', { runId: ids.run }),
    ).toEqual({ ok: true });
    runEvents.length = 0;
  });

  // Any other event with an ack is answered NOT_FOUND, so a client does not wait for its timeout.
  it('answers unknown socket events that carry an ack with a 4xx ack', async () => {
    const answers: unknown[] = [];
    socket.emit('runs:subscribe' as 'run:subscribe', { runId: ids.run }, (answer: unknown) =>
      answers.push(answer),
    );
    // A barrier: a known event sent after the unknown one is answered after it.
    await socket.timeout(WAIT_MS).emitWithAck('run:unsubscribe', { runId: 'barrier' });
    expect(answers).toEqual([
      { ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) as unknown },
    ]);
  });

  // A runs.start `input` nested deeper than 64 levels is refused before anything recurses on it.
  it('refuses deeply nested JSON with a 4xx error, not a 500', async () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await fetch(`${api.server.url}/trpc/runs.start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
      body: `{"flowId":"${ids.flow}","input":${nested}}`,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it(`counts at least 200 malformed inputs, and the server is healthy afterwards`, async () => {
    const total = all.trpc.length + all.raw.length + all.socket.length + all.noAck.length;
    expect(total).toBeGreaterThanOrEqual(200);
    expect(all.socket.length + all.noAck.length).toBeGreaterThanOrEqual(50);

    const health = await fetch(`${api.server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true, db: 'sqlite' }]);
    expect((await api.admin.flows.get.query({ id: ids.flow })).flow.name).toBe('Target');

    // The paused run is still waiting for its one valid decision, and the socket follows it.
    const ack: unknown = await socket
      .timeout(WAIT_MS)
      .emitWithAck('run:subscribe', { runId: ids.paused, afterSeq: 0 });
    expect(ack).toMatchObject({ ok: true, runId: ids.paused });
    const decided = await approver.client.approvals.decide.mutate({
      runId: ids.paused,
      interruptId: ids.interrupt,
      response: { decision: 'approve', comment: 'after all that' },
      idempotencyKey: 'malformed-suite-valid-decision',
    });
    expect(decided).toMatchObject({ created: true, status: 'decided' });
    await eventually('the run to complete', () =>
      Promise.resolve(runEvents.some((event) => event.type === 'run.completed') || undefined),
    );
    const stored = await api.admin.runs.events.query({ id: ids.paused });
    expect(runEvents).toEqual(stored);
    expect(runEvents.map((event) => event.seq)).toEqual(stored.map((_, index) => index + 1));
    expect((await api.admin.runs.get.query({ id: ids.paused })).status).toBe('completed');

    // A valid start still works.
    const run = await api.admin.runs.start.mutate({ flowId: ids.flow, input: 4 });
    const finished = await eventually('the new run to complete', async () => {
      const record = await api.admin.runs.get.query({ id: run.id });
      return record.status === 'completed' ? record : undefined;
    });
    expect(finished.status).toBe('completed');
  });

  it('puts the field path of input errors in data.issues', async () => {
    const error = await api.admin.flows.create
      .mutate({ name: 'x', blueprint: withNode({ id: 'a', kind: 'magic' }) })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    if (!(error instanceof TRPCClientError)) throw new Error('expected a TRPCClientError');
    const { data, message } = error as TRPCClientError<AppRouter>;
    expect(data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'flows.create',
      issues: [{ path: ['blueprint', 'nodes', 0, 'kind'] }],
    });
    expect(message).toMatch(/^blueprint\.nodes\.0\.kind: node 'a' \(magic\) has an unknown kind/);
    const decide = await expectApiError(
      approver.client.approvals.decide.mutate({
        runId: ids.run,
        interruptId: 'x',
        idempotencyKey: 'short',
      }),
      'BAD_REQUEST',
    );
    expect(decide.data?.issues).toEqual([
      expect.objectContaining({ path: ['idempotencyKey'], message: 'use at least 8 characters' }),
    ]);
  });
});
