import {
  interruptRecordSchema,
  type InterruptRecord,
  type PausePrompt,
  type Vote,
} from '@triggerflow/blueprint';
import { approvalDecisionSchema, defaultApprovalForm } from '@triggerflow/nodes';
import { describe, expect, it } from 'vitest';
import { mayDecide, mayVote, tally } from '../src/approvals/policy';
import { promptFromInterrupt } from '../src/approvals/prompt';
import { completeResponse, outcomeOf, validateResponse } from '../src/approvals/response';
import { ApiError } from '../src/errors';
import type { Role, UserRecord } from '../src/storage';

const NOW = 1_700_000_000_000;
const CREATED = 1_600_000_000_000;

function interrupt(overrides: Partial<InterruptRecord> = {}): InterruptRecord {
  return interruptRecordSchema.parse({
    id: 'int-1',
    type: 'pause',
    payload: { amount: 12 },
    resumeTo: 'next',
    status: 'waiting',
    sourceExecutionId: 'exec-1',
    sourceFlowName: 'flow',
    sourceOperatorId: 'review',
    sourceSignal: { id: 's1', type: 'event', event: 'go', layers: [], source: 'start', meta: {} },
    // The engine's own format: `Chunk[<name>]-chunk-<hex>` (the id has a dash).
    continuationEvent: 'Chunk[review]-chunk-5e39e26b044dd2b5',
    resumeCount: 0,
    maxResumes: 1,
    createdAt: CREATED,
    resumedAt: null,
    actor: null,
    ...overrides,
  });
}

const approvalPayload = {
  title: 'Ship it?',
  description: 'Release **1.2**',
  payload: { version: '1.2' },
  form: defaultApprovalForm(),
  approvers: { roles: ['approver'], users: ['u-carol'] },
  quorum: 2,
  allowSelfApproval: false,
  timeout: { afterMs: 60_000, action: 'branch' },
  nodeId: 'approve-release',
};

function prompt(overrides: Partial<PausePrompt> = {}): PausePrompt {
  return {
    runId: 'run-1',
    interruptId: 'int-1',
    nodeId: 'approve',
    type: 'approval',
    title: 'Ship it?',
    description: null,
    payload: null,
    form: defaultApprovalForm(),
    approvers: { roles: ['approver'], users: [] },
    quorum: 1,
    allowSelfApproval: false,
    deadlineAt: null,
    timeout: null,
    startedBy: 'u-starter',
    createdAt: CREATED,
    ...overrides,
  };
}

const user = (id: string, ...roles: Role[]): UserRecord => ({ id, name: id, roles, createdAt: 0 });

const vote = (actor: string, outcome: Vote['outcome'], response: unknown, at: number): Vote => ({
  actor,
  outcome,
  response,
  at,
});

/** The ApiError `fn` throws, for exact assertions on code, message and path. */
function apiErrorOf(fn: () => unknown): { code: string; message: string; path: unknown } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) {
      return { code: error.code, message: error.message, path: error.path };
    }
    throw error;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

describe('promptFromInterrupt', () => {
  it("copies an approval node's prompt and computes the deadline from the record's creation", () => {
    const result = promptFromInterrupt({
      runId: 'run-1',
      startedBy: 'u-starter',
      interrupt: interrupt({ type: 'approval', payload: approvalPayload, resumeTo: 'self' }),
      now: NOW,
    });
    expect(result).toEqual({
      runId: 'run-1',
      interruptId: 'int-1',
      nodeId: 'approve-release',
      type: 'approval',
      title: 'Ship it?',
      description: 'Release **1.2**',
      payload: { version: '1.2' },
      form: defaultApprovalForm(),
      approvers: { roles: ['approver'], users: ['u-carol'] },
      quorum: 2,
      allowSelfApproval: false,
      deadlineAt: CREATED + 60_000,
      timeout: { afterMs: 60_000, action: 'branch' },
      startedBy: 'u-starter',
      createdAt: CREATED,
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('an approval without timeout waits forever', () => {
    const result = promptFromInterrupt({
      runId: 'run-1',
      startedBy: 'u-starter',
      interrupt: interrupt({ type: 'approval', payload: { ...approvalPayload, timeout: null } }),
      now: NOW,
    });
    expect(result.deadlineAt).toBeNull();
    expect(result.timeout).toBeNull();
  });

  it('makes a generic pause answerable by approvers with free JSON', () => {
    const result = promptFromInterrupt({
      runId: 'run-2',
      startedBy: 'u-starter',
      interrupt: interrupt({
        timeout: { afterMs: 5_000, action: 'continue', value: 'late', event: 'review.timeout' },
      }),
      now: NOW,
    });
    expect(result).toEqual({
      runId: 'run-2',
      interruptId: 'int-1',
      nodeId: 'review',
      type: 'pause',
      title: 'Paused at review',
      description: null,
      payload: { amount: 12 },
      form: null,
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: true,
      deadlineAt: CREATED + 5_000,
      timeout: { afterMs: 5_000, action: 'continue' },
      startedBy: 'u-starter',
      createdAt: CREATED,
    });
  });

  it('treats an approval whose payload is not an approval prompt as a generic pause', () => {
    const result = promptFromInterrupt({
      runId: 'run-1',
      startedBy: 'u-starter',
      interrupt: interrupt({
        type: 'approval',
        payload: { title: '' },
        continuationEvent: 'resume-event',
      }),
      now: NOW,
    });
    expect(result).toMatchObject({
      type: 'approval',
      title: 'Paused',
      nodeId: null,
      form: null,
      payload: { title: '' },
      deadlineAt: null,
      timeout: null,
    });
  });

  it('uses now when the record has no creation time, and null for a missing payload', () => {
    const record = interrupt({
      timeout: { afterMs: 1_000, action: 'fail', event: 'review.timeout' },
    }) as Partial<InterruptRecord>;
    delete record.createdAt;
    delete record.payload;
    const result = promptFromInterrupt({
      runId: 'run-1',
      startedBy: 'u-starter',
      interrupt: record as InterruptRecord,
      now: NOW,
    });
    expect(result.createdAt).toBe(NOW);
    expect(result.deadlineAt).toBe(NOW + 1_000);
    expect(result.payload).toBeNull();
  });
});

describe('mayDecide', () => {
  const both = prompt({ approvers: { roles: ['approver', 'auditor'], users: ['u1', 'u2'] } });
  const usersOnly = prompt({ approvers: { roles: [], users: ['u1'] } });

  it('allows named users and holders of a listed role', () => {
    expect(mayDecide(user('u1', 'viewer'), both)).toEqual({ ok: true });
    expect(mayDecide(user('u9', 'approver'), both)).toEqual({ ok: true });
    expect(mayDecide(user('u9', 'admin'), both)).toEqual({ ok: true });
  });

  it('refuses others, naming who may decide (unknown roles ignored)', () => {
    expect(mayDecide(user('u9', 'editor', 'viewer'), both)).toEqual({
      ok: false,
      reason: 'only users u1, u2 or holders of the approver role may decide "Ship it?"',
    });
    expect(
      mayDecide(
        user('u9', 'viewer'),
        prompt({ approvers: { roles: ['editor', 'approver'], users: [] } }),
      ),
    ).toEqual({
      ok: false,
      reason: 'only holders of the editor or approver roles may decide "Ship it?"',
    });
  });

  it('refuses an admin on a users-only prompt', () => {
    expect(mayDecide(user('u-admin', 'admin'), usersOnly)).toEqual({
      ok: false,
      reason: 'only user u1 may decide "Ship it?"',
    });
    expect(mayDecide(user('u1'), usersOnly)).toEqual({ ok: true });
  });

  it('refuses everyone when no real approver is named', () => {
    expect(
      mayDecide(user('u-admin', 'admin'), prompt({ approvers: { roles: ['auditor'], users: [] } })),
    ).toEqual({
      ok: false,
      reason: 'nobody may decide "Ship it?": it names no approver user or known role',
    });
  });
});

describe('mayVote', () => {
  const starter = user('u-starter', 'approver');

  it("bars the run's starter from approving, not from rejecting", () => {
    expect(mayVote(starter, prompt(), 'approved')).toEqual({
      ok: false,
      reason:
        'you started this run and "Ship it?" does not allow self-approval: someone else must approve it (you may still reject it)',
    });
    expect(mayVote(starter, prompt(), 'rejected')).toEqual({ ok: true });
    expect(mayVote(starter, prompt({ allowSelfApproval: true }), 'approved')).toEqual({ ok: true });
    expect(mayVote(user('u-other', 'approver'), prompt(), 'approved')).toEqual({ ok: true });
  });

  it('refuses who may not decide at all', () => {
    expect(mayVote(user('u-starter', 'viewer'), prompt(), 'rejected')).toEqual({
      ok: false,
      reason: 'only holders of the approver role may decide "Ship it?"',
    });
  });
});

describe('tally', () => {
  const quorum2 = prompt({ quorum: 2 });

  it('counts one actor once towards the quorum', () => {
    const votes = [
      vote('u1', 'approved', { decision: 'approve' }, 1),
      vote('u1', 'approved', null, 2),
    ];
    expect(tally(quorum2, votes)).toEqual({ settled: false, approvals: 1, needed: 2 });
    expect(tally(quorum2, [])).toEqual({ settled: false, approvals: 0, needed: 2 });
  });

  it('settles an approval at the quorum with a value the approval node accepts', () => {
    const votes = [
      vote('u1', 'approved', { decision: 'approve', comment: 'ok' }, 1),
      vote('u1', 'approved', { decision: 'approve' }, 2),
      vote('u2', 'approved', { decision: 'approve', comment: 'go' }, 3),
    ];
    const result = tally(quorum2, votes);
    expect(result).toEqual({
      settled: true,
      outcome: 'approved',
      value: { outcome: 'approved', response: { decision: 'approve', comment: 'go' }, votes },
    });
    if (!result.settled) throw new Error('expected a settled tally');
    expect(approvalDecisionSchema.parse(result.value)).toEqual(result.value);
  });

  it('settles on a rejection before the quorum', () => {
    const votes = [
      vote('u1', 'approved', { decision: 'approve' }, 1),
      vote('u2', 'rejected', { decision: 'reject', comment: 'no' }, 2),
    ];
    const result = tally(quorum2, votes);
    expect(result).toEqual({
      settled: true,
      outcome: 'rejected',
      value: { outcome: 'rejected', response: { decision: 'reject', comment: 'no' }, votes },
    });
    if (!result.settled) throw new Error('expected a settled tally');
    expect(approvalDecisionSchema.safeParse(result.value).success).toBe(true);
  });

  it("resumes any other pause with the deciding vote's response as is", () => {
    const pause = prompt({ type: 'pause', form: null, quorum: 1 });
    expect(tally(pause, [vote('u1', 'approved', { amount: 3 }, 1)])).toEqual({
      settled: true,
      outcome: 'approved',
      value: { amount: 3 },
    });
    expect(tally(pause, [vote('u1', 'rejected', 'nope', 1)])).toEqual({
      settled: true,
      outcome: 'rejected',
      value: 'nope',
    });
  });
});

describe('validateResponse', () => {
  it('accepts a response that fits the form, and anything when there is no form', () => {
    expect(() =>
      validateResponse(prompt(), { decision: 'approve', comment: 'fine' }),
    ).not.toThrow();
    expect(() => validateResponse(prompt({ form: null }), [1, 'two'])).not.toThrow();
  });

  it('names the field and the allowed values', () => {
    expect(apiErrorOf(() => validateResponse(prompt(), { decision: 'maybe' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'response.decision must be equal to one of the allowed values: approve, reject',
      path: ['response', 'decision'],
    });
  });

  it('reports missing and unknown fields and wrong types, the first one as the path', () => {
    expect(apiErrorOf(() => validateResponse(prompt(), { comment: 3, extra: true }))).toEqual({
      code: 'BAD_REQUEST',
      message:
        'response.decision is required; response.extra is not a field of the form; response.comment must be string',
      path: ['response', 'decision'],
    });
    expect(apiErrorOf(() => validateResponse(prompt(), 'approve'))).toEqual({
      code: 'BAD_REQUEST',
      message: 'response must be object',
      path: ['response'],
    });
  });

  it('gives array items numeric path segments', () => {
    const form = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: { type: 'object', properties: { qty: { type: 'integer' } } },
        },
      },
    };
    expect(
      apiErrorOf(() => validateResponse(prompt({ form }), { items: [{ qty: 1 }, { qty: 'x' }] })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'response.items[1].qty must be integer',
      path: ['response', 'items', 1, 'qty'],
    });
  });

  it('refuses to check against a form that is not a JSON Schema', () => {
    const error = apiErrorOf(() =>
      validateResponse(
        prompt({ form: { type: 'object', properties: { a: { type: 'nope' } } } }),
        {},
      ),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.path).toEqual([]);
    expect(error.message).toMatch(
      /^the response form of "Ship it\?" is not a usable JSON Schema \(/,
    );
  });
});

describe('outcomeOf', () => {
  it('takes the explicit outcome, else reads the decision', () => {
    expect(outcomeOf('rejected', { comment: 'no' })).toBe('rejected');
    expect(outcomeOf('rejected', { decision: 'reject' })).toBe('rejected');
    expect(outcomeOf(undefined, { decision: 'approve' })).toBe('approved');
    expect(outcomeOf(undefined, { decision: 'approved' })).toBe('approved');
    expect(outcomeOf(undefined, { decision: 'reject' })).toBe('rejected');
    expect(outcomeOf(undefined, { decision: 'rejected' })).toBe('rejected');
  });

  it('refuses an outcome that contradicts the response', () => {
    expect(apiErrorOf(() => outcomeOf('rejected', { decision: 'approve' }))).toEqual({
      code: 'BAD_REQUEST',
      message:
        "response.decision says approve, but outcome is 'rejected'; send one or make them agree",
      path: ['response', 'decision'],
    });
  });

  it('answers the default form from an outcome sent alone', () => {
    const form = { type: 'object', properties: { decision: { enum: ['approve', 'reject'] } } };
    expect(completeResponse(form, 'approved', undefined)).toEqual({ decision: 'approve' });
    expect(completeResponse(form, 'rejected', null)).toEqual({ decision: 'reject' });
    expect(completeResponse(form, 'rejected', { decision: 'reject' })).toEqual({
      decision: 'reject',
    });
    expect(completeResponse(null, 'approved', undefined)).toBeNull();
    expect(completeResponse({ type: 'object' }, 'approved', undefined)).toBeNull();
  });

  it('refuses a response without a decision', () => {
    for (const response of [null, 'approve', { decision: 'maybe' }, { decision: 'constructor' }]) {
      expect(apiErrorOf(() => outcomeOf(undefined, response))).toEqual({
        code: 'BAD_REQUEST',
        message:
          "pass outcome: 'approved' | 'rejected', or a response with decision: 'approve' | 'reject'",
        path: ['outcome'],
      });
    }
  });
});
