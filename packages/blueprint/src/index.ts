export {
  layerMarkSchema,
  signalSchema,
  signalSourceSchema,
  triggerTypeSchema,
  type LayerMark,
  type SignalRecord,
  type SignalSource,
  type TriggerType,
} from './signal';
export {
  interruptRecordSchema,
  interruptStatusSchema,
  resumeToSchema,
  type InterruptRecord,
  type InterruptStatus,
  type ResumeTo,
} from './interrupt';
export {
  interruptStreamItemSchema,
  isInterruptStreamItem,
  type InterruptStreamItem,
} from './stream-item';
export { toJsonSchema } from './json-schema';
