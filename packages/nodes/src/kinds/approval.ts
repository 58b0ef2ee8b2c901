import type { TriggerFlowRuntimeData } from '@triggerflow/engine';
import { z } from 'zod';
import { compileExpression } from '../expression';
import { defineKind, expressionString, scope } from '../kind';

const outcomeSchema = z.enum(['approved', 'rejected']);
const timeoutActionSchema = z.enum(['continue', 'branch', 'fail']);

/** A response form: a JSON Schema of type object (the server validates answers against it). */
export const approvalFormSchema = z
  .record(z.string(), z.unknown())
  .refine((schema) => schema.type === 'object', 'the form must be a JSON Schema of type "object"');

/** The form when a node names none: approve or reject, with an optional comment. */
export const defaultApprovalForm = (): Record<string, unknown> => ({
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['approve', 'reject'], title: 'Decision' },
    comment: { type: 'string', title: 'Comment' },
  },
  required: ['decision'],
  additionalProperties: false,
});

/** The studio's roles (an admin holds every role). */
export const APPROVER_ROLES = ['approver', 'editor', 'viewer', 'admin'] as const;

const names = (what: string) => z.array(z.string().min(1)).default([]).describe(what);

const approvalConfigSchema = z
  .object({
    title: z.string().min(1, 'a title is required').describe('What is being decided'),
    description: z
      .string()
      .optional()
      .describe('Markdown shown with the prompt')
      .meta({ contentMediaType: 'text/markdown' }),
    payload: expressionString('JSONata over { input, state }: what the approvers see').default(
      'input',
    ),
    form: approvalFormSchema.default(defaultApprovalForm).describe('Response form (JSON Schema)'),
    approvers: z
      .object({
        roles: z
          .array(z.enum(APPROVER_ROLES, `must be one of ${APPROVER_ROLES.join(', ')}`))
          .default([])
          .describe('Roles whose members may decide'),
        users: names('User ids who may decide'),
      })
      // On the field itself, so that it is reported along with the other fields' problems.
      .refine((a) => a.roles.length > 0 || a.users.length > 0, {
        message: 'name at least one approver role or user',
      }),
    quorum: z.number().int().min(1).default(1).describe('Approvals needed'),
    allowSelfApproval: z.boolean().default(false).describe('May the run’s starter approve?'),
    timeout: z
      .object({
        afterMs: z.number().int().positive().describe('Milliseconds without a decision'),
        action: timeoutActionSchema.describe('continue with a default, branch, or fail the run'),
        value: z
          .object({ outcome: outcomeSchema.optional(), response: z.unknown().optional() })
          .optional()
          .describe("The default decision for action 'continue'"),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const { roles, users } = config.approvers;
    if (roles.length === 0 && users.length > 0 && new Set(users).size < config.quorum) {
      ctx.addIssue({
        code: 'custom',
        path: ['quorum'],
        message: `a quorum of ${config.quorum} needs at least ${config.quorum} approvers, but only ${new Set(users).size} users are named and no roles`,
      });
    }
  });
export type ApprovalConfig = z.output<typeof approvalConfigSchema>;

/** The interrupt payload of an approval: everything the server needs to ask and to check answers. */
export const approvalPromptSchema = z.object({
  title: z.string().min(1),
  description: z.string().nullable(),
  payload: z.unknown(),
  form: approvalFormSchema,
  approvers: z.object({ roles: z.array(z.string()), users: z.array(z.string()) }),
  quorum: z.number().int().min(1),
  allowSelfApproval: z.boolean(),
  timeout: z
    .object({ afterMs: z.number().int().positive(), action: timeoutActionSchema })
    .nullable(),
  nodeId: z.string().nullable(),
});
export type ApprovalPrompt = z.infer<typeof approvalPromptSchema>;

export const approvalVoteSchema = z.object({
  actor: z.string().min(1),
  outcome: outcomeSchema,
  response: z.unknown(),
  /** When the vote was cast (ms since the epoch). */
  at: z.number(),
});
export type ApprovalVote = z.infer<typeof approvalVoteSchema>;

/** What the server resumes an approval with, once the quorum is reached or someone rejected. */
export const approvalDecisionSchema = z.object({
  outcome: outcomeSchema,
  response: z.unknown(),
  votes: z.array(approvalVoteSchema).min(1, 'a decision carries at least one vote'),
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/** The node's output: a following match branches on `outcome`. */
export interface ApprovalOutput {
  readonly outcome: 'approved' | 'rejected' | 'timedOut';
  readonly response: unknown;
  readonly votes: readonly ApprovalVote[];
  readonly timedOut: boolean;
}

/** What the engine resumes the node with when `execution.expireInterrupt(id)` fires. */
const TIMED_OUT = { timedOut: true } as const;
const timedOutSchema = z.strictObject({ timedOut: z.literal(true) });

export class ApprovalError extends Error {
  override readonly name = 'ApprovalError';
  constructor(
    readonly code: 'INVALID_DECISION' | 'TIMED_OUT',
    message: string,
    readonly nodeId: string | null,
  ) {
    super(message);
  }
}

type TimeoutConfig = NonNullable<ApprovalConfig['timeout']>;

function timedOut(title: string, timeout: TimeoutConfig, nodeId: string | null): ApprovalOutput {
  switch (timeout.action) {
    case 'continue':
      return {
        outcome: timeout.value?.outcome ?? 'approved',
        response: timeout.value?.response ?? null,
        votes: [],
        timedOut: true,
      };
    case 'branch':
      return { outcome: 'timedOut', response: null, votes: [], timedOut: true };
    case 'fail':
      throw new ApprovalError(
        'TIMED_OUT',
        `Approval "${title}" timed out after ${timeout.afterMs} ms`,
        nodeId,
      );
  }
}

function decided(config: ApprovalConfig, answer: unknown, nodeId: string | null): ApprovalOutput {
  const invalid = (why: string) =>
    new ApprovalError(
      'INVALID_DECISION',
      `Approval "${config.title}" got an invalid decision (${why}); expected { outcome: 'approved' | 'rejected', response, votes: [{ actor, outcome, response, at }] }`,
      nodeId,
    );
  const parsed = approvalDecisionSchema.safeParse(answer);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
    throw invalid(why.join('; '));
  }
  const { outcome, response, votes } = parsed.data;
  const approvers = new Set(votes.filter((v) => v.outcome === 'approved').map((v) => v.actor));
  if (outcome === 'approved' && approvers.size < config.quorum) {
    throw invalid(
      `approved by ${approvers.size} of the ${config.quorum} approvers the quorum needs`,
    );
  }
  return { outcome, response: response ?? null, votes, timedOut: false };
}

async function ask(data: TriggerFlowRuntimeData, config: ApprovalConfig) {
  const payload = await compileExpression(config.payload).evaluate(scope(data));
  const { timeout } = config;
  const prompt: ApprovalPrompt = approvalPromptSchema.parse({
    title: config.title,
    description: config.description ?? null,
    payload: payload ?? null,
    form: config.form,
    approvers: config.approvers,
    quorum: config.quorum,
    allowSelfApproval: config.allowSelfApproval,
    timeout: timeout ? { afterMs: timeout.afterMs, action: timeout.action } : null,
    nodeId: data.nodeId ?? null,
  });
  return data.pauseFor({
    type: 'approval',
    resumeTo: 'self',
    payload: prompt,
    ...(timeout
      ? { timeout: { afterMs: timeout.afterMs, action: 'continue' as const, value: TIMED_OUT } }
      : {}),
  });
}

export const approvalKind = defineKind({
  kind: 'approval',
  label: 'Approval',
  icon: 'user-check',
  category: 'human',
  summary: 'Ask people to approve or reject, with a quorum and a timeout policy.',
  input: 'Any value (the payload expression picks what approvers see).',
  output: '`{ outcome: "approved" | "rejected" | "timedOut", response, votes, timedOut }`.',
  docs: `Pauses the run until people decide, then passes the decision on, so a following **Branch** can
route on \`outcome\`.

**Options**
- \`title\` (required) and \`description\` (markdown) are shown with the prompt.
- \`payload\`: JSONata over \`{ input, state }\` (default \`input\`): what the approvers see.
- \`form\`: the response form as a JSON Schema of type object. Default: \`decision\`
  (\`approve\` | \`reject\`, required) and an optional \`comment\`.
- \`approvers\`: \`roles\` and/or \`users\` (ids) who may decide; at least one must be named.
- \`quorum\` (default 1): how many approvals are needed. With users only, at least that many users.
- \`allowSelfApproval\` (default false): whether the person who started the run may approve.
- \`timeout\`: \`{ afterMs, action, value? }\`. After \`afterMs\` without a decision:
  \`continue\` goes on as if decided with \`value.outcome\` (default \`approved\`) and
  \`value.response\`; \`branch\` goes on with \`outcome: "timedOut"\`; \`fail\` fails the run with
  \`Approval "<title>" timed out after <ms> ms\`. Without \`timeout\` the approval waits forever.

**How it runs.** The step pauses with an interrupt of type \`approval\` whose payload is the
prompt \`{ title, description, payload, form, approvers, quorum, allowSelfApproval,
timeout: { afterMs, action } | null, nodeId }\`. The server shows it to the allowed people,
validates each response against \`form\`, enforces the quorum and the self-approval ban,
records the votes, and resumes the step with
\`{ outcome: "approved" | "rejected", response, votes: [{ actor, outcome, response, at }] }\`
(\`at\` in ms since the epoch). The step checks that answer (an approval needs \`quorum\` distinct
approving actors) and outputs \`{ outcome, response, votes, timedOut: false }\`; an invalid answer
fails the run with a message naming the problem. A timeout is a durable timer on the server that
calls \`execution.expireInterrupt(id)\`: the step runs again and applies the action above, with
\`votes: []\` and \`timedOut: true\`.`,
  form: [
    {
      key: 'title',
      label: 'Title',
      widget: 'text',
      placeholder: 'Close the ticket?',
      help: 'The question the approvers answer.',
    },
    {
      key: 'description',
      label: 'Description',
      widget: 'text',
      rows: 4,
      markdown: true,
      help: 'Shown with the question; **bold**, lists and links work.',
    },
    {
      key: 'payload',
      label: 'What the approvers see',
      widget: 'expression',
      syntax: 'jsonata',
      help: 'JSONata; "input" shows what this step receives.',
      result: 'Shown to the approvers',
    },
    {
      key: 'approvers',
      label: 'Who may decide',
      widget: 'people',
      missing: 'someone who may decide',
      help: 'Pick roles, people, or both.',
    },
    {
      key: 'quorum',
      label: 'Approvals needed',
      widget: 'number',
      integer: true,
      min: 1,
      unit: 'approvals',
      help: 'One rejection decides at once.',
    },
    {
      key: 'allowSelfApproval',
      label: 'The person who started the run may approve',
      widget: 'toggle',
    },
    {
      key: 'form',
      label: 'Response form',
      widget: 'formBuilder',
      audience: 'approver',
      help: 'Approve and Reject are always there; add the fields the approvers fill in.',
    },
    {
      key: 'timeout',
      label: 'When nobody decides',
      widget: 'group',
      optional: { toggle: 'Stop waiting after a while' },
      fields: [
        { key: 'afterMs', label: 'Wait at most', widget: 'duration', missing: 'how long to wait' },
        {
          key: 'action',
          label: 'Then',
          widget: 'choice',
          missing: 'what happens then',
          options: [
            { value: 'continue', label: 'Go on with a default decision' },
            {
              value: 'branch',
              label: 'Go on with the outcome “timed out”',
              help: 'A following branch can route on it.',
            },
            { value: 'fail', label: 'Fail the run' },
          ],
        },
        {
          key: 'value',
          label: 'Default decision',
          widget: 'group',
          showWhen: { key: 'action', equals: ['continue'] },
          fields: [
            {
              key: 'outcome',
              label: 'Outcome',
              widget: 'choice',
              display: 'buttons',
              options: [
                { value: 'approved', label: 'Approved' },
                { value: 'rejected', label: 'Rejected' },
              ],
            },
            { key: 'response', label: 'Response', widget: 'json', advanced: true },
          ],
        },
      ],
    },
  ],
  configSchema: approvalConfigSchema,
  run(data, config) {
    if (!data.isResume) return ask(data, config);
    const nodeId = data.nodeId ?? null;
    const answer = data.resume?.value;
    if (config.timeout && timedOutSchema.safeParse(answer).success) {
      return timedOut(config.title, config.timeout, nodeId);
    }
    return decided(config, answer, nodeId);
  },
});
