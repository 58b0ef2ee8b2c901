import { RUN_STATUS_TEXT, type Quarantine } from './run-format';
import type { RunStatus } from './run-view';

/** A run's status as a badge; a quarantined run's says so, with the reason on hover. */
export function RunStatusBadge({
  status,
  quarantine,
  testId,
}: {
  status: RunStatus;
  quarantine: Quarantine | null;
  testId?: string;
}) {
  if (quarantine !== null) {
    return (
      <span
        className="run-status run-status--quarantined"
        title={quarantine.reason}
        data-testid={testId}
        data-quarantined="true"
      >
        Quarantined
      </span>
    );
  }
  return (
    <span className={`run-status run-status--${status}`} data-testid={testId}>
      {RUN_STATUS_TEXT[status]}
    </span>
  );
}
