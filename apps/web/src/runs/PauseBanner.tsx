import { memo, useMemo } from 'react';
import { openPauses } from './run-view';
import { useRun, useRunActions } from './RunStoreContext';

/** For each open pause: "Waiting for approval: <title>" and a button that opens its prompt. */
export const PauseBanner = memo(function PauseBanner() {
  const pauses = useRun((s) => s.view.pauses);
  const actions = useRunActions();
  const open = useMemo(() => openPauses({ pauses }), [pauses]);
  if (open.length === 0) return null;
  return (
    <div className="run-pauses">
      {open.map(({ prompt }) => (
        <div
          key={prompt.interruptId}
          className="notice notice--warning run-pause"
          role="status"
          data-testid="run-pause"
        >
          <span className="run-pause__pulse" aria-hidden="true" />
          <span>
            Waiting for {prompt.type === 'approval' ? 'approval' : prompt.type}:{' '}
            <strong>{prompt.title}</strong>
          </span>
          <button
            type="button"
            className="button button--primary"
            onClick={() => actions.openPrompt(prompt.interruptId)}
          >
            Open approval
          </button>
        </div>
      ))}
    </div>
  );
});
