import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { navigate, runPath } from '../app/router';
import { blueprintOf } from '../editor/store/editor-store';
import { useEditorStoreApi } from '../editor/store/context';
import { rememberInput } from './last-input';

export type StartHow = 'saved' | 'saveFirst';

/**
 * Starts a run of the flow open in the editor: of the version it is based on (`saved`), or
 * after saving the unsaved changes as a new version (`saveFirst`: `flows.update` with
 * `expectedVersion`, then the editor store's `saved` action, as the Save button does); then
 * opens the run's page.
 */
export function useStartRun() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  return useMutation({
    mutationFn: async ({ how, input }: { how: StartHow; input: unknown }) => {
      const state = store.getState();
      let version = state.baseVersion;
      if (how === 'saveFirst') {
        const blueprint = blueprintOf(state);
        const saved = await client.flows.update.mutate({
          id: state.flowId,
          expectedVersion: state.baseVersion,
          blueprint,
          note: 'saved to run it',
        });
        version = saved.flow.latestVersion;
        store.getState().actions.saved(version, blueprint, state.revision);
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
      }
      const run = await client.runs.start.mutate({ flowId: state.flowId, version, input });
      rememberInput(state.flowId, input);
      return run;
    },
    onSuccess: (run) => navigate(runPath(run.id)),
  });
}
