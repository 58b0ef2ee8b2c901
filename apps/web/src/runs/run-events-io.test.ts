import { describe, expect, it } from 'vitest';
import { parseRunEvents, UnreadableEventError } from './run-events-io';
import { EventLog, RUN } from './run-events.test-support';

describe('parseRunEvents', () => {
  const log = new EventLog().started({ a: 1 }).step('a', 1, 2);
  const other = new EventLog('run-2').started(null).events;

  it('keeps the run’s events, as they are, and drops other runs’', () => {
    const raw = JSON.parse(JSON.stringify([other[0], ...log.events])) as unknown;
    expect(parseRunEvents(raw, RUN, 'run:events')).toEqual(log.events);
  });

  it('names the first bad field', () => {
    const bad = [log.events[0], { ...log.events[1], payload: { nodeId: 7, scope: [], input: 1 } }];
    expect(() => parseRunEvents(bad, RUN, 'run:events')).toThrow(
      new UnreadableEventError(
        'run:events.1.payload.nodeId',
        'Invalid input: expected string, received number',
      ),
    );
    expect(() => parseRunEvents(bad, RUN, 'run:events')).toThrow(
      'The server sent an event this page cannot read (run:events.1.payload.nodeId: Invalid input: expected string, received number)',
    );
    expect(() => parseRunEvents([{ ...log.events[0], type: 'node.exploded' }], RUN, 'x')).toThrow(
      /x\.0\.type/,
    );
    expect(() => parseRunEvents({}, RUN, 'runs.events')).toThrow(
      'The server sent an event this page cannot read (runs.events: expected a list of events)',
    );
  });
});
