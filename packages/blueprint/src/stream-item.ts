import { z } from 'zod';
import { interruptRecordSchema } from './interrupt';
import { signalSchema } from './signal';

/** System items the engine puts into a runtime stream; consumers ignore `type`s they do not know. */
export const interruptStreamItemSchema = z.discriminatedUnion('action', [
  z.object({
    type: z.literal('interrupt'),
    action: z.literal('pause'),
    executionId: z.string(),
    interrupt: interruptRecordSchema,
    signal: signalSchema,
  }),
  z.object({
    type: z.literal('interrupt'),
    action: z.literal('resume'),
    executionId: z.string(),
    interrupt: interruptRecordSchema,
    value: z.unknown().optional(),
  }),
  z.object({
    type: z.literal('interrupt'),
    action: z.literal('project'),
    executionId: z.string(),
    interrupt: interruptRecordSchema,
  }),
  z.object({
    type: z.literal('interrupt'),
    action: z.literal('timeout'),
    executionId: z.string(),
    interrupt: interruptRecordSchema,
  }),
]);
export type InterruptStreamItem = z.infer<typeof interruptStreamItemSchema>;

/** Anything a chunk puts is a stream item too; only interrupt items have a fixed shape. */
export function isInterruptStreamItem(item: unknown): item is InterruptStreamItem {
  return interruptStreamItemSchema.safeParse(item).success;
}
