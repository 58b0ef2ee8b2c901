import type { RunEvent } from '@triggerflow/blueprint';
import { memo, useMemo } from 'react';
import { useUserNames } from '../approvals/useUserNames';
import { describeEvent, formatElapsed, type EventWords } from './run-format';
import { labelOf } from './run-graph';
import { useRun, useRunActions } from './RunStoreContext';
import { useStickToBottom } from './useStickToBottom';

const TONE: Partial<Record<RunEvent['type'], string>> = {
  'node.failed': 'bad',
  'run.failed': 'bad',
  'run.cancelled': 'bad',
  'run.completed': 'good',
  'run.paused': 'wait',
  'approval.voted': 'wait',
};

/** Every RunEvent of the run, oldest first, one readable row each (`data-seq`, `data-type`). */
export const TimelineTab = memo(function TimelineTab() {
  const timeline = useRun((s) => s.view.timeline);
  const graph = useRun((s) => s.view.graph);
  const startedAt = useRun((s) => s.view.startedAt);
  const nameOf = useUserNames();
  const actions = useRunActions();
  const words = useMemo<EventWords>(
    () => ({ labelOf: (id) => labelOf(graph, id), nameOf }),
    [graph, nameOf],
  );
  const { ref, onScroll } = useStickToBottom<HTMLOListElement>(timeline.length);
  if (timeline.length === 0) return <p className="empty">No events yet.</p>;
  const origin = startedAt ?? timeline.at(0)?.at ?? 0;
  return (
    <ol
      ref={ref}
      onScroll={onScroll}
      className="run-timeline"
      aria-label="Timeline"
      data-testid="run-timeline"
    >
      {timeline.map((event) => (
        <TimelineRow
          key={event.seq}
          event={event}
          origin={origin}
          words={words}
          onSelect={actions.select}
        />
      ))}
    </ol>
  );
});

const TimelineRow = memo(function TimelineRow({
  event,
  origin,
  words,
  onSelect,
}: {
  event: RunEvent;
  origin: number;
  words: EventWords;
  onSelect: (nodeId: string) => void;
}) {
  const nodeId =
    event.type.startsWith('node.') && 'nodeId' in event.payload ? event.payload.nodeId : null;
  return (
    <li
      className={`run-timeline__row run-timeline__row--${TONE[event.type] ?? 'plain'}`}
      data-seq={event.seq}
      data-type={event.type}
    >
      <span className="run-timeline__seq">#{event.seq}</span>
      <time className="run-timeline__at" dateTime={new Date(event.at).toISOString()}>
        +{formatElapsed(event.at - origin)}
      </time>
      <span className="run-timeline__text">{describeEvent(event, words)}</span>
      {nodeId !== null && (
        <button
          type="button"
          className="button button--quiet run-timeline__node"
          aria-label={`Show node ${words.labelOf(nodeId)}`}
          onClick={() => onSelect(nodeId)}
        >
          ›
        </button>
      )}
    </li>
  );
});
