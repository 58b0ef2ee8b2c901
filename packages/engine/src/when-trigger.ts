import { Chunk } from './chunk';
import { EngineError } from './errors';
import { collectEvent } from './events';
import type { TriggerRef } from './signal';

type EventNames = string | readonly string[];
/** A `when` trigger: an event (or a chunk's name: "after that chunk"), a chunk, a list, or by kind. */
export type WhenTrigger =
  | string
  | Chunk
  | readonly (string | Chunk)[]
  | { event?: EventNames; runtimeData?: EventNames; flowData?: EventNames; collect?: EventNames };

/** The refs a `when` trigger names; a registered chunk's name stands for its trigger event. */
export function triggerRefs(
  trigger: WhenTrigger,
  chunks: ReadonlyMap<string, Chunk>,
): TriggerRef[] {
  const asEvent = (t: string | Chunk): TriggerRef => ({
    type: 'event',
    event: t instanceof Chunk ? t.triggerEvent : (chunks.get(t)?.triggerEvent ?? t),
  });
  if (typeof trigger === 'string' || trigger instanceof Chunk) return [asEvent(trigger)];
  if (Array.isArray(trigger)) return (trigger as readonly (string | Chunk)[]).map(asEvent);
  const byKind = trigger as Exclude<WhenTrigger, string | Chunk | readonly unknown[]>;
  const list = (names: EventNames | undefined): readonly string[] =>
    names === undefined ? [] : typeof names === 'string' ? [names] : names;
  const refs: TriggerRef[] = [
    ...list(byKind.event).map(asEvent),
    ...list(byKind.runtimeData).map((event) => ({ type: 'runtimeData' as const, event })),
    ...list(byKind.flowData).map((event) => ({ type: 'flowData' as const, event })),
    ...list(byKind.collect).map((name) => ({
      type: 'event' as const,
      event: collectEvent(name),
    })),
  ];
  const known = new Set(['event', 'runtimeData', 'flowData', 'collect']);
  const unknown = Object.keys(byKind).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new EngineError(
      'INVALID_TRIGGER',
      `Unknown when() trigger kind '${unknown.join("', '")}'; expected event, runtimeData, flowData or collect.`,
    );
  }
  return refs;
}
