import { useMutation } from '@tanstack/react-query';
import { memo, useId, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { navigate, runPath } from '../app/router';
import { labelOf } from './run-graph';
import { useRun } from './RunStoreContext';

interface RerunControlsProps {
  runId: string;
  version: number;
  /** The flow's latest version (null while unknown). */
  latestVersion: number | null;
}

/**
 * "Re-run from <selected node>" on the run's version or the latest: `runs.rerun`, then the new
 * run's page. Only steps that ran outside a fan-out can be re-run from (what the server allows).
 */
export const RerunControls = memo(function RerunControls({
  runId,
  version,
  latestVersion,
}: RerunControlsProps) {
  const trpc = useTRPC();
  const selectId = useId();
  const [onLatest, setOnLatest] = useState(false);
  const selected = useRun((s) => s.selectedNodeId);
  const graph = useRun((s) => s.view.graph);
  const ranTopLevel = useRun((s) =>
    selected === null ? false : s.view.nodes.get(selected)?.topLevel === true,
  );
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({ onSuccess: (next) => navigate(runPath(next.id)) }),
  );
  const label = selected === null ? null : labelOf(graph, selected);
  const hint =
    selected === null
      ? 'Select a step on the canvas to re-run from it.'
      : ranTopLevel
        ? null
        : `“${label}” did not run on its own in this run (not at all, or only inside a fan-out), so the run cannot restart there.`;
  return (
    <div className="run-rerun">
      <label htmlFor={selectId} className="visually-hidden">
        Re-run on
      </label>
      <select
        id={selectId}
        className="input run-rerun__version"
        value={onLatest ? 'latest' : 'same'}
        onChange={(e) => setOnLatest(e.target.value === 'latest')}
      >
        <option value="same">this version (v{version})</option>
        <option value="latest">
          the latest version{latestVersion === null ? '' : ` (v${latestVersion})`}
        </option>
      </select>
      <button
        type="button"
        className="button"
        disabled={selected === null || !ranTopLevel || rerun.isPending}
        onClick={() =>
          selected !== null &&
          rerun.mutate({ id: runId, nodeId: selected, ...(onLatest && { version: 'latest' }) })
        }
      >
        {rerun.isPending ? 'Starting…' : label === null ? 'Re-run from…' : `Re-run from ${label}`}
      </button>
      {hint !== null && <span className="help run-rerun__hint">{hint}</span>}
      {rerun.isError && <ErrorMessage title="Could not re-run" error={rerun.error} />}
    </div>
  );
});
