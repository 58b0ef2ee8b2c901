import { z } from 'zod';
import { signalSchema } from './signal';

/** Where a resumed pause continues: the paused step's successor, the step itself, or an event. */
export const resumeToSchema = z.union([
  z.literal('next'),
  z.literal('self'),
  z.object({ event: z.string().min(1) }),
]);
export type ResumeTo = z.infer<typeof resumeToSchema>;

export const interruptStatusSchema = z.enum(['waiting', 'resumed', 'cancelled']);
export type InterruptStatus = z.infer<typeof interruptStatusSchema>;

/** A pause waiting for (or answered by) a human or an external system. */
export const interruptRecordSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  payload: z.unknown(),
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
  resumeValue: z.unknown(),
  actor: z.string().nullable(),
});
export type InterruptRecord = z.infer<typeof interruptRecordSchema>;
