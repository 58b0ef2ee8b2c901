import { describe, expect, it } from 'vitest';
import {
  interruptRecordSchema,
  isInterruptStreamItem,
  resumeToSchema,
  signalSchema,
  toJsonSchema,
} from './index';

const signal = {
  id: 's1',
  type: 'event',
  event: 'START',
  value: { a: 1 },
  layers: [{ group: 'forEach-1', instance: 's0', key: 2 }],
  source: 'start',
  meta: {},
} as const;

const interrupt = {
  id: 'int-1',
  type: 'approval',
  payload: { summary: 'ship it?' },
  resumeTo: 'next',
  status: 'waiting',
  sourceExecutionId: 'exec-1',
  sourceFlowName: 'orchestration',
  sourceOperatorId: 'chunk-0123456789abcdef',
  sourceSignal: signal,
  continuationEvent: 'Chunk[ask]-chunk-0123456789abcdef',
  resumeCount: 0,
  maxResumes: 1,
  createdAt: 1000,
  resumedAt: null,
  resumeValue: null,
  actor: null,
} as const;

describe('signal and interrupt schemas', () => {
  it('accepts a saved signal and names the bad field of a broken one', () => {
    expect(signalSchema.parse(signal)).toEqual(signal);
    const result = signalSchema.safeParse({ ...signal, type: 'carrier-pigeon' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['type']);
  });

  it('accepts the three resume targets and nothing else', () => {
    expect(resumeToSchema.parse('self')).toBe('self');
    expect(resumeToSchema.parse({ event: 'Approved' })).toEqual({ event: 'Approved' });
    expect(resumeToSchema.safeParse('later').success).toBe(false);
    expect(resumeToSchema.safeParse({ event: '' }).success).toBe(false);
  });

  it('validates interrupt records and interrupt stream items', () => {
    expect(interruptRecordSchema.parse(interrupt)).toEqual(interrupt);
    expect(interruptRecordSchema.safeParse({ ...interrupt, maxResumes: 0 }).success).toBe(false);
    const pause = { type: 'interrupt', action: 'pause', executionId: 'exec-1', interrupt, signal };
    expect(isInterruptStreamItem(pause)).toBe(true);
    expect(isInterruptStreamItem({ ...pause, action: 'explode' })).toBe(false);
    expect(isInterruptStreamItem({ type: 'progress', value: 3 })).toBe(false);
  });

  it('exports JSON Schema for forms', () => {
    const schema = toJsonSchema(resumeToSchema);
    expect(schema).toMatchObject({
      anyOf: [{ const: 'next' }, { const: 'self' }, { type: 'object' }],
    });
  });
});
