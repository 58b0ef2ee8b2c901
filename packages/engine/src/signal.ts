/**
 * Signals are plain JSON records (`signalSchema` in @triggerflow/blueprint) so that executions can be saved and restored: no closures, no classes.
 */
import type { SignalRecord, SignalSource, TriggerType } from '@triggerflow/blueprint';

export type { SignalSource, TriggerType };

/** One level of fan-out: which group, which activation of it, which item/branch/case. */
export interface LayerMark {
  readonly group: string;
  readonly instance: string;
  readonly key: string | number;
}

export interface SignalMeta {
  /** Aggregation scope: every event of one causal tree shares it (see `joinScopeKey`). */
  readonly scope?: string;
  /** Set when a paused step runs again (`resumeTo: 'self'`). */
  readonly resume?: { readonly interruptId: string; readonly value?: unknown };
}

export interface Signal {
  readonly id: string;
  readonly type: TriggerType;
  readonly event: string;
  readonly value?: unknown;
  readonly layers: readonly LayerMark[];
  readonly source: SignalSource;
  readonly meta: SignalMeta;
}

export interface TriggerRef {
  readonly type: TriggerType;
  readonly event: string;
}

export const START_EVENT = 'START';

export const triggerKey = (type: TriggerType, event: string): string => `${type}:${event}`;

const NO_LAYERS: readonly LayerMark[] = Object.freeze([]);
export const emptyLayers = (): readonly LayerMark[] => NO_LAYERS;

/** The scope a join (`when` with several triggers, `collect`) buckets this signal in. */
export function joinScopeKey(signal: Signal): string {
  if (signal.layers.length > 0) {
    return signal.layers.map((m) => `${m.group}@${m.instance}#${String(m.key)}`).join('|');
  }
  if (signal.meta.scope !== undefined) return `signal:${signal.meta.scope}`;
  return '__root__';
}

/** The scope that events emitted while handling `signal` inherit. */
export const childScope = (signal: Signal): SignalMeta =>
  signal.meta.scope !== undefined && signal.meta.resume === undefined
    ? signal.meta
    : { scope: signal.meta.scope ?? signal.id };

/** A signal as a plain, mutable JSON record (what snapshots and interrupts store). */
export function signalRecord(signal: Signal): SignalRecord {
  const meta: SignalRecord['meta'] = {};
  if (signal.meta.scope !== undefined) meta.scope = signal.meta.scope;
  if (signal.meta.resume !== undefined) meta.resume = { ...signal.meta.resume };
  return { ...signal, layers: signal.layers.map((m) => ({ ...m })), meta };
}

export const listenRefs = (listen: TriggerRef | readonly TriggerRef[]): readonly TriggerRef[] =>
  Array.isArray(listen) ? (listen as readonly TriggerRef[]) : [listen as TriggerRef];
