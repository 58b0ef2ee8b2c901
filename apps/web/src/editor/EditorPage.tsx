import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';

/** Placeholder for the flow editor (the canvas replaces this file). */
export function EditorPage({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const flow = useQuery(trpc.flows.get.queryOptions({ id: flowId }));
  return (
    <main className="page" aria-labelledby="editor-title">
      <p>
        <Link href="/flows">← Flows</Link>
      </p>
      <h1 id="editor-title">{flow.data?.flow.name ?? 'Flow'}</h1>
      {flow.isPending && <p role="status">Loading the flow…</p>}
      {flow.isError && <ErrorMessage title="Could not open the flow" error={flow.error} />}
      {flow.isSuccess && (
        <p className="empty">
          Version {flow.data.flow.latestVersion}, {flow.data.version.blueprint.nodes.length} nodes —
          the editor is coming.
        </p>
      )}
    </main>
  );
}
