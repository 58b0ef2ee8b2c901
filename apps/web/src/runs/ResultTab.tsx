import { memo } from 'react';
import { useUserNames } from '../approvals/useUserNames';
import { JsonBlock } from './JsonBlock';
import { RUN_STATUS_TEXT } from './run-format';
import { useRun } from './RunStoreContext';

/** The run's input and how it ended: the final state, the error, or who cancelled it and why. */
export const ResultTab = memo(function ResultTab() {
  const started = useRun((s) => s.view.started);
  const status = useRun((s) => s.view.status);
  const snapshot = useRun((s) => s.view.snapshot);
  const error = useRun((s) => s.view.error);
  const cancelled = useRun((s) => s.view.cancelled);
  const nameOf = useUserNames();
  return (
    <div className="run-result">
      <h3>Input</h3>
      {started === null ? (
        <p className="empty">Not started yet.</p>
      ) : (
        <JsonBlock value={started.input} label="Run input" testId="run-input" />
      )}
      <h3>Final state</h3>
      {snapshot !== null && (
        <JsonBlock value={snapshot} label="Final state" testId="run-snapshot" />
      )}
      {error !== null && (
        <div className="error-box" role="note" data-testid="run-error">
          <strong>{error.name}</strong>
          <p>{error.message}</p>
        </div>
      )}
      {cancelled !== null && (
        <p data-testid="run-cancelled">
          Cancelled{cancelled.actor === null ? '' : ` by ${nameOf(cancelled.actor)}`}:{' '}
          {cancelled.reason}
        </p>
      )}
      {snapshot === null && error === null && cancelled === null && (
        <p className="empty">{RUN_STATUS_TEXT[status]}: the run has not ended yet.</p>
      )}
    </div>
  );
});
