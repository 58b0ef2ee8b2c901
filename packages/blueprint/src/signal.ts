import { z } from 'zod';

export const triggerTypeSchema = z.enum(['event', 'runtimeData', 'flowData']);
export type TriggerType = z.infer<typeof triggerTypeSchema>;

export const signalSourceSchema = z.enum([
  'start',
  'runtime',
  'chunk',
  'runtimeData',
  'flowData',
  'interrupt',
  'subFlow',
]);
export type SignalSource = z.infer<typeof signalSourceSchema>;

/** One level of fan-out: the group, which activation of it, which item / branch / case. */
export const layerMarkSchema = z.object({
  group: z.string(),
  instance: z.string(),
  key: z.union([z.string(), z.number()]),
});
export type LayerMark = z.infer<typeof layerMarkSchema>;

/** A dispatched signal, as it is saved (values must be JSON). */
export const signalSchema = z.object({
  id: z.string(),
  type: triggerTypeSchema,
  event: z.string(),
  value: z.unknown().optional(),
  layers: z.array(layerMarkSchema),
  source: signalSourceSchema,
  meta: z.object({
    scope: z.string().optional(),
    resume: z.object({ interruptId: z.string(), value: z.unknown().optional() }).optional(),
  }),
});
export type SignalRecord = z.infer<typeof signalSchema>;
