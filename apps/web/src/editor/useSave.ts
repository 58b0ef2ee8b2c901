import type { Blueprint } from '@triggerflow/blueprint';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { describeError } from '../api/errors';
import { useTRPC } from '../api/trpc';
import { blueprintOf } from './store/editor-store';
import { useEditorStoreApi } from './store/context';

export interface SaveOptions {
  /** The version's note in the history (none: no note). */
  note?: string;
  /** After the version was saved (leaving the editor once saved). */
  onSaved?: () => void;
}

/**
 * Ctrl+S / the Save button: `flows.update` with `expectedVersion` (a stale save is a CONFLICT).
 * The outcome is a toast: "Saved version 3.", or the error, which stays until dismissed.
 */
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
        const { actions } = store.getState();
        if (input.blueprint && revision !== undefined) {
          actions.saved(result.flow.latestVersion, input.blueprint as Blueprint, revision);
        }
        actions.notify(`Saved version ${result.flow.latestVersion}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
      },
      onError: (error) => {
        const shown = describeError(error);
        const message =
          shown.code === 'CONFLICT'
            ? 'Not saved: someone saved a newer version of this flow. Reload to see it (your changes stay in this browser).'
            : `Could not save the flow: ${[shown.message, ...shown.issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message))].join('; ')}`;
        store.getState().actions.notify(message, 'error');
      },
    }),
  );
  const { mutate } = mutation;
  const save = useCallback(
    (options: SaveOptions = {}) => {
      const state = store.getState();
      if (state.readOnly) return;
      const blueprint = blueprintOf(state);
      revisions.set(blueprint, state.revision);
      mutate(
        {
          id: state.flowId,
          expectedVersion: state.baseVersion,
          blueprint,
          // The flow is named and described as its blueprint (Flow settings).
          ...(blueprint.name.trim() !== '' && { name: blueprint.name }),
          description: blueprint.description ?? '',
          ...(options.note !== undefined && { note: options.note }),
        },
        options.onSaved === undefined ? {} : { onSuccess: options.onSaved },
      );
    },
    [mutate, revisions, store],
  );
  return { save, mutation };
}
