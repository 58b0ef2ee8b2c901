import type { Blueprint } from '@triggerflow/blueprint';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../api/trpc';
import { blueprintOf } from './store/editor-store';
import { useEditorStoreApi } from './store/context';

/** Ctrl+S / the Save button: `flows.update` with `expectedVersion` (a stale save is a CONFLICT). */
export function useSave() {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.flows.update.mutationOptions({
      onSuccess: (result, input) => {
        if (input.blueprint)
          store.getState().actions.saved(result.flow.latestVersion, input.blueprint as Blueprint);
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
      },
    }),
  );
  const { mutate } = mutation;
  const save = useCallback(() => {
    const state = store.getState();
    mutate({
      id: state.flowId,
      expectedVersion: state.baseVersion,
      blueprint: blueprintOf(state),
      note: 'saved in the editor',
    });
  }, [mutate, store]);
  return { save, mutation };
}
