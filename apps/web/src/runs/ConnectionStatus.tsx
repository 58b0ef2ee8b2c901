import { memo } from 'react';
import { useSocketStatus } from '../api/SocketProvider';
import { useRun } from './RunStoreContext';

type Shown = 'live' | 'reconnecting' | 'connecting';

const TEXT: Record<Shown, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  connecting: 'Connecting…',
};

/** Whether the page follows the run right now: "Live", or "Reconnecting…" after a drop. */
export const ConnectionStatus = memo(function ConnectionStatus() {
  const socket = useSocketStatus();
  const subscribed = useRun((s) => s.subscribed);
  const feedError = useRun((s) => s.feedError);
  const shown: Shown =
    socket === 'reconnecting'
      ? 'reconnecting'
      : socket === 'connected' && subscribed
        ? 'live'
        : 'connecting';
  return (
    <span className="run-connection-wrap">
      <span
        className={`run-connection run-connection--${shown}`}
        role="status"
        data-testid="run-connection"
        data-state={shown}
      >
        <span className="run-connection__dot" aria-hidden="true" />
        {TEXT[shown]}
      </span>
      {feedError !== null && (
        <span className="run-connection__problem" role="alert">
          {feedError}
        </span>
      )}
    </span>
  );
});
