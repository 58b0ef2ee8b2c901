import { useQuery } from '@tanstack/react-query';
import type { Blueprint } from '@triggerflow/blueprint';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { PromptDialog } from '../approvals/PromptDialog';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { runsPath } from '../app/router';
import '../styles/editor.css';
import '../styles/runs.css';
import { PauseBanner } from './PauseBanner';
import { QuarantineBanner } from './QuarantineBanner';
import { RunCanvas } from './RunCanvas';
import { RunHeader, type RunRecord } from './RunHeader';
import { runGraph } from './run-graph';
import { createRunStore } from './run-store';
import { createRunView } from './run-view';
import { RunSidePanel } from './RunSidePanel';
import { RunStoreProvider, useRun, useRunActions } from './RunStoreContext';
import { useRunFeed } from './useRunFeed';

/**
 * `/runs/:id`: one run, live on a read-only canvas of the version it ran. The run's events come
 * over the shared socket from seq 1 (a finished run is replayed the same way), folded by the
 * run store; the side panel shows the timeline, the stream, the selected node and the result.
 */
export function RunPage({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const run = useQuery({ ...trpc.runs.get.queryOptions({ id: runId }), staleTime: Infinity });
  const flowId = run.data?.flowId ?? '';
  const version = useQuery({
    ...trpc.flows.getVersion.queryOptions({ id: flowId, version: run.data?.version ?? 1 }),
    enabled: run.data !== undefined,
    staleTime: Infinity,
  });
  const flow = useQuery({
    ...trpc.flows.get.queryOptions({ id: flowId }),
    enabled: run.data !== undefined,
    staleTime: 30_000,
  });
  if (run.isError) return <Failed title="Could not open the run" error={run.error} />;
  if (version.isError) {
    return <Failed title="Could not load the flow version this run ran" error={version.error} />;
  }
  if (!run.data || !version.data) {
    return (
      <p role="status" className="page-status run-loading">
        Loading the run…
      </p>
    );
  }
  const shownFlow = flow.data
    ? { name: flow.data.flow.name, latestVersion: flow.data.flow.latestVersion }
    : null;
  return (
    <LiveRun run={run.data} blueprint={version.data.blueprint as Blueprint} flow={shownFlow} />
  );
}

function Failed({ title, error }: { title: string; error: unknown }) {
  return (
    <main className="page">
      <p>
        <Link href={runsPath()}>← Runs</Link>
      </p>
      <ErrorMessage title={title} error={error} />
    </main>
  );
}

function LiveRun({
  run,
  blueprint,
  flow,
}: {
  run: RunRecord;
  blueprint: Blueprint;
  flow: { name: string; latestVersion: number } | null;
}) {
  // One store per opened run (the page is keyed by run id); its events arrive through the feed.
  const [store] = useState(() => createRunStore(createRunView(run.id, runGraph(blueprint))));
  useRunFeed(run.id, store);
  return (
    <RunStoreProvider store={store}>
      <ReactFlowProvider>
        <main className="run-page" aria-labelledby="run-title">
          <RunHeader run={run} flow={flow} />
          <QuarantineBanner recorded={run.error} />
          <PauseBanner />
          <div className="run-body">
            <RunCanvas blueprint={blueprint} />
            <RunSidePanel />
          </div>
          <OpenPrompt runId={run.id} />
        </main>
      </ReactFlowProvider>
    </RunStoreProvider>
  );
}

/** The prompt dialog of the pause the user opened, with that pause's live votes. */
const OpenPrompt = memo(function OpenPrompt({ runId }: { runId: string }) {
  const interruptId = useRun((s) => s.promptFor);
  const votes = useRun((s) =>
    s.promptFor === null ? undefined : s.view.pauses.get(s.promptFor)?.votes,
  );
  const actions = useRunActions();
  if (interruptId === null) return null;
  return (
    <PromptDialog
      runId={runId}
      interruptId={interruptId}
      votes={votes}
      onClose={() => actions.openPrompt(null)}
    />
  );
});
