import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { Blueprint } from '@triggerflow/blueprint';
import { useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import '../styles/editor.css';
import { EditorWorkspace } from './EditorWorkspace';
import { createEditorStore, type EditorInit } from './store/editor-store';
import { EditorStoreProvider } from './store/context';

/** `/flows/:id`: loads the flow and the catalog, then opens the editor on them. */
export function EditorPage({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const flow = useQuery({ ...trpc.flows.get.queryOptions({ id: flowId }), staleTime: Infinity });
  const catalog = useQuery({ ...trpc.catalog.list.queryOptions(), staleTime: Infinity });
  if (flow.isError) return <Failed error={flow.error} />;
  if (catalog.isError) return <Failed error={catalog.error} />;
  if (!flow.data || !catalog.data)
    return (
      <p role="status" className="page-status">
        Loading the flow…
      </p>
    );
  return (
    <Editor
      name={flow.data.flow.name}
      init={{
        flowId,
        version: flow.data.version.version,
        blueprint: flow.data.version.blueprint as Blueprint,
        catalog: catalog.data,
      }}
    />
  );
}

function Failed({ error }: { error: unknown }) {
  return (
    <main className="page">
      <p>
        <Link href="/flows">← Flows</Link>
      </p>
      <ErrorMessage title="Could not open the flow" error={error} />
    </main>
  );
}

function Editor({ name, init }: { name: string; init: EditorInit }) {
  // One store per opened flow (the page is keyed by flow id); later query refreshes do not reset it.
  const [store] = useState(() => createEditorStore(init));
  return (
    <EditorStoreProvider store={store}>
      <ReactFlowProvider>
        <EditorWorkspace name={name} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
