import { useQuery } from '@tanstack/react-query';
import type { Blueprint } from '@triggerflow/blueprint';
import { useEffect, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { usePermissions } from '../users/usePermissions';
import type { Editor as EditorComponent } from './Editor';

interface EditorModule {
  Editor: typeof EditorComponent;
}

// React Flow and the editor load while the flow and the catalog are fetched: this module stays
// small, so the queries go out as soon as the route is known, and the editor's chunk is requested
// right after them (its evaluation would otherwise hold them back). No React.lazy: Suspense would
// hold a revealed editor back by its fallback throttle (300 ms).
let loaded: EditorModule | undefined;
let loading: Promise<EditorModule> | undefined;
const loadEditor = (): Promise<EditorModule> =>
  (loading ??= import('./Editor').then((module) => (loaded = module)));

/** `/flows/:id`: loads the flow and the catalog, then opens the editor on them. */
export function EditorPage({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const flow = useQuery({ ...trpc.flows.get.queryOptions({ id: flowId }), staleTime: Infinity });
  const catalog = useQuery({ ...trpc.catalog.list.queryOptions(), staleTime: Infinity });
  const permissions = usePermissions();
  const [editor, setEditor] = useState(loaded);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (editor === undefined) loadEditor().then(setEditor, setLoadError);
  }, [editor]);
  if (flow.isError) return <Failed error={flow.error} />;
  if (catalog.isError) return <Failed error={catalog.error} />;
  if (loadError !== null) return <Failed error={loadError} />;
  // The editor opens once the user's roles are known: read-only for someone who may not edit.
  if (!flow.data || !catalog.data || editor === undefined || permissions === undefined)
    return (
      <p role="status" className="page-status">
        Loading the flow…
      </p>
    );
  return (
    <editor.Editor
      init={{
        flowId,
        version: flow.data.version.version,
        blueprint: withFlowNames(flow.data.version.blueprint as Blueprint, flow.data.flow),
        catalog: catalog.data,
        readOnly: !permissions.editFlows,
      }}
    />
  );
}

/** The blueprint named and described as the flow is (Flow settings edit both together). */
function withFlowNames(
  blueprint: Blueprint,
  flow: { name: string; description: string },
): Blueprint {
  const named: Blueprint = { ...blueprint, name: flow.name };
  if (flow.description !== '') named.description = flow.description;
  return named;
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
