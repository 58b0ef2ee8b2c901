import { runEventSchema, type RunEvent } from '@triggerflow/blueprint';

/** The server sent something that is not a RunEvent (another protocol version, a bug). */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`The server sent an event this page cannot read (${where}: ${problem})`);
  }
}

/**
 * Checks a list of events from the socket (`run:events`) or from `runs.events` against the
 * RunEvent schema, keeping only `runId`'s. Throws `UnreadableEventError` naming the first bad
 * field: skipping a bad event would leave a gap that refetching cannot fill.
 */
export function parseRunEvents(raw: unknown, runId: string, source: string): RunEvent[] {
  if (!Array.isArray(raw)) throw new UnreadableEventError(source, 'expected a list of events');
  const events: RunEvent[] = [];
  for (const [index, item] of (raw as unknown[]).entries()) {
    const owner: unknown =
      typeof item === 'object' && item !== null && 'runId' in item ? item.runId : undefined;
    if (typeof owner === 'string' && owner !== runId) continue;
    const parsed = runEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = [source, index, ...(issue?.path ?? [])].map(String).join('.');
      throw new UnreadableEventError(path, issue?.message ?? 'is not a run event');
    }
    events.push(parsed.data as RunEvent);
  }
  return events;
}
