import { z } from 'zod';
import { interruptRecordSchema } from './interrupt';
import { signalSchema } from './signal';

export const EXECUTION_SNAPSHOT_KIND = 'triggerflow.execution_snapshot';
export const EXECUTION_SNAPSHOT_VERSION = 1;

const jsonObject = z.record(z.string(), z.unknown());

const ledgerEntrySchema = z.object({
  value: z.unknown().optional(),
  actor: z.string().nullable(),
  at: z.number(),
});

/** Join, fan-in and collect progress (the engine's bookkeeping), as saved. */
export const bookkeepingSchema = z.object({
  when: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        values: z.record(z.string(), jsonObject),
        filled: z.array(z.string()),
      }),
    ),
  ),
  collect: z.record(z.string(), z.record(z.string(), jsonObject)),
  fanIn: z.record(
    z.string(),
    z.object({
      remaining: z.number().int().nonnegative(),
      keys: z.array(z.union([z.string(), z.number()])).nullable(),
      total: z.number().int().nonnegative(),
      results: jsonObject,
    }),
  ),
});

/** Work that was dispatched but had not finished when the snapshot was taken. */
export const pendingWorkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), operatorId: z.string(), signal: signalSchema }),
  z.object({ kind: z.literal('dispatch'), signal: signalSchema }),
  z.object({
    kind: z.literal('fanOut'),
    operatorId: z.string(),
    signal: signalSchema,
    next: z.number().int().nonnegative(),
    count: z.number().int().nonnegative(),
  }),
]);
export type PendingWorkRecord = z.infer<typeof pendingWorkSchema>;

/** `execution.save()`: everything needed to continue an execution in another process. */
export const executionSnapshotSchema = z.object({
  kind: z.literal(EXECUTION_SNAPSHOT_KIND),
  schemaVersion: z.literal(EXECUTION_SNAPSHOT_VERSION),
  createdAt: z.number(),
  executionId: z.string().min(1),
  flowName: z.string(),
  /** `sha256:<hex>` of the flow definition (its canonical blueprint without layout or labels). */
  fingerprint: z.string().startsWith('sha256:'),
  status: z.enum(['created', 'running', 'waiting', 'completed', 'failed', 'cancelled']),
  lifecycleState: z.enum(['open', 'sealed', 'closed']),
  state: jsonObject,
  flowData: jsonObject,
  interrupts: z.array(interruptRecordSchema),
  resumeLedger: z.record(z.string(), z.record(z.string(), ledgerEntrySchema)),
  bookkeeping: bookkeepingSchema,
  pending: z.array(pendingWorkSchema),
  signalSeq: z.number().int().nonnegative(),
  /** Sub-flow frames that were running or waiting, each with its child's own snapshot. */
  subFlowFrames: z.array(
    z.object({
      id: z.string(),
      operatorId: z.string(),
      signal: signalSchema,
      status: z.enum([
        'running',
        'waiting',
        'cancel_requested',
        'cancelled',
        'failed',
        'completed',
      ]),
      child: z.lazy((): z.ZodType<unknown> => z.record(z.string(), z.unknown())),
    }),
  ),
  /** Names of the live resources mounted when saved (the resources themselves never are). */
  resourceKeys: z.array(z.string()),
  autoClose: z.boolean(),
  autoCloseTimeoutMs: z.number().nullable(),
  started: z.boolean(),
  closeSnapshot: jsonObject.nullable(),
  closeReason: z.string().nullable(),
});
export type ExecutionSnapshot = z.infer<typeof executionSnapshotSchema>;

export interface LoadDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
}
