import type { Blueprint } from '@triggerflow/blueprint';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { blueprintOf } from './store/editor-store';
import { useEditorStoreApi } from './store/context';

/** Ctrl+S / the Save button: `flows.update` with `expectedVersion` (a stale save is a CONFLICT). */
export function useSave() {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const queryClient = useQueryClient();
  // The content revision each sent blueprint was taken from (edits made while saving stay dirty).
  const [revisions] = useState(() => new WeakMap<object, number>());
  const mutation = useMutation(
    trpc.flows.update.mutationOptions({
      onSuccess: (result, input) => {
        const revision = input.blueprint ? revisions.get(input.blueprint) : undefined;
        if (input.blueprint && revision !== undefined) {
          store
            .getState()
            .actions.saved(result.flow.latestVersion, input.blueprint as Blueprint, revision);
        }
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
      },
    }),
  );
  const { mutate } = mutation;
  const save = useCallback(() => {
    const state = store.getState();
    const blueprint = blueprintOf(state);
    revisions.set(blueprint, state.revision);
    mutate({
      id: state.flowId,
      expectedVersion: state.baseVersion,
      blueprint,
      // The flow is named and described as its blueprint (Flow settings).
      ...(blueprint.name.trim() !== '' && { name: blueprint.name }),
      description: blueprint.description ?? '',
      note: 'saved in the editor',
    });
  }, [mutate, revisions, store]);
  return { save, mutation };
}
