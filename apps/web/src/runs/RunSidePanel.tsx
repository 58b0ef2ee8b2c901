import { memo, useId, type KeyboardEvent } from 'react';
import { NodeTab } from './NodeTab';
import { ResultTab } from './ResultTab';
import type { SideTab } from './run-store';
import { useRun, useRunActions } from './RunStoreContext';
import { StreamTab } from './StreamTab';
import { TimelineTab } from './TimelineTab';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'stream', label: 'Stream' },
  { id: 'node', label: 'Node' },
  { id: 'result', label: 'Result' },
];

/** Tabs beside the canvas: the timeline, the stream log, the selected node, the result. */
export const RunSidePanel = memo(function RunSidePanel() {
  const base = useId();
  const tab = useRun((s) => s.tab);
  const streamed = useRun((s) => s.view.stream.length);
  const events = useRun((s) => s.view.timeline.length);
  const actions = useRunActions();
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const index = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(index + step + TABS.length) % TABS.length];
    if (next) actions.setTab(next.id);
  };
  const count = (id: SideTab) => (id === 'timeline' ? events : id === 'stream' ? streamed : null);
  return (
    <aside className="run-side" aria-label="Run details">
      <div role="tablist" aria-label="Run details" className="run-tabs" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="run-tabs__tab"
            onClick={() => actions.setTab(t.id)}
          >
            {t.label}
            {count(t.id) !== null && <span className="run-tabs__count">{count(t.id)}</span>}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-${tab}`}
        aria-labelledby={`${base}-${tab}-tab`}
        className="run-side__panel"
      >
        {tab === 'timeline' && <TimelineTab />}
        {tab === 'stream' && <StreamTab />}
        {tab === 'node' && <NodeTab />}
        {tab === 'result' && <ResultTab />}
      </div>
    </aside>
  );
});
