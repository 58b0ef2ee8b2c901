import { memo, type ReactNode } from 'react';
import type { ApiOutputs } from '../api/trpc';
import { useUserNames } from '../approvals/useUserNames';
import { Link } from '../app/Link';
import { flowPath, runPath, runsPath } from '../app/router';
import { formatDate } from '../flows/format';
import { CancelRun } from './CancelRun';
import { ConnectionStatus } from './ConnectionStatus';
import { RerunControls } from './RerunControls';
import { RunStatusBadge } from './RunStatusBadge';
import { formatElapsed, quarantineOf } from './run-format';
import { labelOf } from './run-graph';
import { isEnded } from './run-view';
import { useRun } from './RunStoreContext';
import { useTicker } from './useTicker';
import { usePermissions } from '../users/usePermissions';

export type RunRecord = ApiOutputs['runs']['get'];

interface RunHeaderProps {
  run: RunRecord;
  /** The flow's name and latest version; null when the flow could not be read. */
  flow: { name: string; latestVersion: number } | null;
}

/** Flow (a link to the editor), version, live status, who started it and when, duration, actions. */
export const RunHeader = memo(function RunHeader({ run, flow }: RunHeaderProps) {
  const nameOf = useUserNames();
  // Cancel and re-run need the editor role: someone who only looks gets neither.
  const mayRun = usePermissions()?.runFlows === true;
  const loaded = useRun((s) => s.view.lastSeq > 0);
  const liveStatus = useRun((s) => s.view.status);
  const startedAt = useRun((s) => s.view.startedAt) ?? run.createdAt;
  const endedAt = useRun((s) => s.view.endedAt);
  const rerunOf = useRun((s) => s.view.started?.rerunOf ?? null);
  const graph = useRun((s) => s.view.graph);
  const liveError = useRun((s) => s.view.error);
  const status = loaded ? liveStatus : run.status;
  const quarantine = quarantineOf(loaded ? liveError : run.error);
  const open = !isEnded(status);
  const now = useTicker(open);
  const end = endedAt ?? (loaded ? null : run.finishedAt) ?? now;
  return (
    <header className="run-header">
      <nav className="run-header__crumbs" aria-label="Run history">
        <Link href={runsPath({ flowId: run.flowId })}>← Runs of this flow</Link>
        <Link href={runsPath()}>All runs</Link>
      </nav>
      <div className="run-header__title">
        <h1 id="run-title">
          Run of{' '}
          <Link href={flowPath(run.flowId)} title="Open the flow in the editor">
            {flow?.name ?? run.flowId}
          </Link>
        </h1>
        <RunStatusBadge status={status} quarantine={quarantine} testId="run-status" />
        <ConnectionStatus />
      </div>
      <dl className="run-facts">
        <Fact term="Version">
          <span data-testid="run-version">v{run.version}</span>
        </Fact>
        <Fact term="Started by">{nameOf(run.startedBy)}</Fact>
        <Fact term="Started">
          <time dateTime={new Date(startedAt).toISOString()}>{formatDate(startedAt)}</time>
        </Fact>
        <Fact term="Duration">
          <span data-testid="run-duration">
            {formatElapsed(end - startedAt)}
            {open ? ' so far' : ''}
          </span>
        </Fact>
        {rerunOf !== null && (
          <Fact term="Re-run of">
            <Link href={runPath(rerunOf.runId)}>an earlier run</Link> from{' '}
            {labelOf(graph, rerunOf.nodeId)}
          </Fact>
        )}
      </dl>
      <div className="run-header__actions">
        {open && mayRun && <CancelRun runId={run.id} />}
        {mayRun && (
          <RerunControls
            runId={run.id}
            version={run.version}
            latestVersion={flow?.latestVersion ?? null}
          />
        )}
      </div>
    </header>
  );
});

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="run-facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
