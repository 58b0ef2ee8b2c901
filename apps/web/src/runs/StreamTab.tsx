import { memo } from 'react';
import { formatElapsed, preview } from './run-format';
import type { StreamEntry } from './run-view';
import { useRun } from './RunStoreContext';
import { useStickToBottom } from './useStickToBottom';

/** The runtime stream (what steps put into it), as a log, oldest first. */
export const StreamTab = memo(function StreamTab() {
  const stream = useRun((s) => s.view.stream);
  const startedAt = useRun((s) => s.view.startedAt);
  const { ref, onScroll } = useStickToBottom<HTMLOListElement>(stream.length);
  if (stream.length === 0) return <p className="empty">Nothing was streamed yet.</p>;
  const origin = startedAt ?? stream.at(0)?.at ?? 0;
  return (
    <ol
      ref={ref}
      onScroll={onScroll}
      className="run-stream"
      aria-label="Stream log"
      data-testid="run-stream"
    >
      {stream.map((entry) => (
        <StreamRow key={entry.seq} entry={entry} origin={origin} />
      ))}
    </ol>
  );
});

const typeOf = (item: unknown): string | null =>
  typeof item === 'object' && item !== null && 'type' in item && typeof item.type === 'string'
    ? item.type
    : null;

const StreamRow = memo(function StreamRow({
  entry,
  origin,
}: {
  entry: StreamEntry;
  origin: number;
}) {
  const type = typeOf(entry.item);
  return (
    <li className="run-stream__row" data-seq={entry.seq}>
      <time className="run-timeline__at" dateTime={new Date(entry.at).toISOString()}>
        +{formatElapsed(entry.at - origin)}
      </time>
      {type !== null && <span className="run-stream__type">{type}</span>}
      <code className="run-stream__item">{preview(entry.item, 2000)}</code>
    </li>
  );
});
