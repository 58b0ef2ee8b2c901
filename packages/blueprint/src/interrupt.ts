import { z } from 'zod';
import { signalSchema } from './signal';

/** Where a resumed pause continues: the paused step's successor, the step itself, or an event. */
export const resumeToSchema = z.union([
  z.literal('next'),
  z.literal('self'),
  z.object({ event: z.string().min(1) }),
]);
export type ResumeTo = z.infer<typeof resumeToSchema>;

/** What a pause does when nobody answers in time (the server runs the timer). */
export const timeoutPolicySchema = z.strictObject({
  afterMs: z.number().int().positive(),
  action: z.enum(['continue', 'branch', 'fail']),
  /** The value to continue with (`continue`), or the timeout branch's input (`branch`). */
  value: z.unknown().optional(),
});
export type TimeoutPolicy = z.infer<typeof timeoutPolicySchema>;

export const interruptStatusSchema = z.enum(['waiting', 'resumed', 'cancelled']);
export type InterruptStatus = z.infer<typeof interruptStatusSchema>;

/** A pause waiting for (or answered by) a human or an external system. */
export const interruptRecordSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  payload: z.unknown().optional(),
  resumeTo: resumeToSchema,
  status: interruptStatusSchema,
  sourceExecutionId: z.string(),
  sourceFlowName: z.string(),
  sourceOperatorId: z.string(),
  sourceSignal: signalSchema,
  continuationEvent: z.string(),
  resumeCount: z.number().int().nonnegative(),
  maxResumes: z.number().int().positive(),
  createdAt: z.number(),
  resumedAt: z.number().nullable(),
  resumeValue: z.unknown().optional(),
  actor: z.string().nullable(),
  /** What happens when nobody answers in time; `event` is the timeout branch's event. */
  timeout: timeoutPolicySchema.extend({ event: z.string() }).optional(),
  /** Set on a child's interrupt projected onto its parent (`<frameId>:<localInterruptId>`). */
  subFlow: z.object({ frameId: z.string(), localInterruptId: z.string() }).optional(),
});
export type InterruptRecord = z.infer<typeof interruptRecordSchema>;
