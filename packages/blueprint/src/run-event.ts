import { z } from 'zod';

/**
 * What a server tells about a run (DESIGN.md §4): one record per engine observation, with a
 * gapless per-run `seq`, stored before it is broadcast. Shared by the server, the web app and tests.
 */

/** The keys of the fan-outs a step ran inside (forEach index, batch branch, match case). */
export const nodeScopeSchema = z.array(z.union([z.string(), z.number()]));

/** An error as it leaves the engine: never a stack, always a message. */
export const runErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  nodeId: z.string().optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const voteSchema = z.object({
  actor: z.string(),
  outcome: z.enum(['approved', 'rejected']),
  response: z.unknown(),
  at: z.number(),
});
export type Vote = z.infer<typeof voteSchema>;

/**
 * A pause as people see it: what is asked, who may answer, how many must approve, the response
 * form (JSON Schema of type object, or null for a free answer) and the deadline.
 */
export const pausePromptSchema = z.object({
  runId: z.string(),
  interruptId: z.string(),
  nodeId: z.string().nullable(),
  /** The interrupt's type: `approval` for the approval node, anything for a custom pause. */
  type: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  payload: z.unknown(),
  form: z.record(z.string(), z.unknown()).nullable(),
  approvers: z.object({ roles: z.array(z.string()), users: z.array(z.string()) }),
  quorum: z.number().int().min(1),
  allowSelfApproval: z.boolean(),
  /** Epoch ms after which the timeout policy applies; null waits forever. */
  deadlineAt: z.number().nullable(),
  timeout: z.object({ afterMs: z.number(), action: z.string() }).nullable(),
  /** Who started the run (barred from approving unless `allowSelfApproval`). */
  startedBy: z.string(),
  createdAt: z.number(),
});
export type PausePrompt = z.infer<typeof pausePromptSchema>;

const node = { nodeId: z.string(), scope: nodeScopeSchema };

export const runEventPayloadSchemas = {
  'run.started': z.object({
    flowId: z.string(),
    version: z.number(),
    input: z.unknown(),
    startedBy: z.string(),
    /** Set for a re-run: the run and node it started from. */
    rerunOf: z.object({ runId: z.string(), nodeId: z.string() }).nullable(),
  }),
  'node.started': z.object({ ...node, input: z.unknown() }),
  /** `reused`: a re-run took this output from the earlier run instead of running the step. */
  'node.completed': z.object({ ...node, output: z.unknown(), reused: z.boolean().optional() }),
  'node.failed': z.object({ ...node, error: runErrorSchema }),
  /** A fan-out's counts: forEach `done/running/failed of total · cap`. */
  'node.progress': z.object({
    ...node,
    total: z.number(),
    done: z.number(),
    running: z.number(),
    failed: z.number(),
    cap: z.number().nullable(),
  }),
  'stream.item': z.object({ item: z.unknown() }),
  'run.paused': z.object({ prompt: pausePromptSchema }),
  /** One person's decision on a prompt that needs more (quorum) or that it settles. */
  'approval.voted': z.object({ interruptId: z.string(), vote: voteSchema }),
  'run.resumed': z.object({
    interruptId: z.string(),
    nodeId: z.string().nullable(),
    /** `answered` (decided or given a value), `timedOut`, `cancelled`. */
    how: z.enum(['answered', 'timedOut', 'cancelled']),
    actor: z.string().nullable(),
  }),
  'run.completed': z.object({ snapshot: z.record(z.string(), z.unknown()) }),
  'run.failed': z.object({ error: runErrorSchema }),
  'run.cancelled': z.object({ reason: z.string(), actor: z.string().nullable() }),
} as const;

export type RunEventType = keyof typeof runEventPayloadSchemas;
export const RUN_EVENT_TYPES = Object.keys(runEventPayloadSchemas) as RunEventType[];
export type RunEventPayload<T extends RunEventType> = z.infer<(typeof runEventPayloadSchemas)[T]>;

/** A stored event: `seq` is 1, 2, 3, … per run with no gap. */
export type RunEvent = {
  [T in RunEventType]: {
    runId: string;
    seq: number;
    at: number;
    type: T;
    payload: RunEventPayload<T>;
  };
}[RunEventType];

export const runEventSchema = z.discriminatedUnion(
  'type',
  RUN_EVENT_TYPES.map((type) =>
    z.object({
      runId: z.string(),
      seq: z.number().int().min(1),
      at: z.number(),
      type: z.literal(type),
      payload: runEventPayloadSchemas[type],
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** Events after which a run has ended. */
export const TERMINAL_RUN_EVENTS: readonly RunEventType[] = [
  'run.completed',
  'run.failed',
  'run.cancelled',
];
