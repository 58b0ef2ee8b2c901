import { memo } from 'react';
import { quarantineOf } from './run-format';
import { labelOf } from './run-graph';
import { useRun } from './RunStoreContext';

/**
 * A quarantined run (it took its process down again and again): why, that it will not be
 * restored again, and what to do about it.
 */
export const QuarantineBanner = memo(function QuarantineBanner({
  recorded,
}: {
  /** The run's error as the API returned it (until the run's events have arrived). */
  recorded: unknown;
}) {
  const live = useRun((s) => s.view.error);
  const loaded = useRun((s) => s.view.lastSeq > 0);
  const graph = useRun((s) => s.view.graph);
  const quarantine = quarantineOf(loaded ? live : recorded);
  if (quarantine === null) return null;
  return (
    <div className="error-box run-quarantine" role="alert" data-testid="run-quarantined">
      <strong>Quarantined: this run will not be restored again</strong>
      <p>{quarantine.reason}</p>
      <p>
        {quarantine.nodeId === null
          ? 'Find the step that takes the process down (a crash, memory, or a step that never yields), fix it, then start the run again.'
          : `Fix what makes “${labelOf(graph, quarantine.nodeId)}” take the process down (a crash, memory, or a step that never yields), then re-run from it.`}
      </p>
    </div>
  );
});
