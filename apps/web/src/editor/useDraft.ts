import type { Blueprint } from '@triggerflow/blueprint';
import { useEffect, useState } from 'react';
import { blueprintOf, isDirty } from './store/editor-store';
import { useEditor, useEditorStoreApi } from './store/context';

export const draftKey = (flowId: string): string => `triggerflow.draft.${flowId}`;

interface Draft {
  baseVersion: number;
  blueprint: Blueprint;
  savedAt: number;
}

function readDraft(flowId: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(draftKey(flowId));
    return raw === null ? null : (JSON.parse(raw) as Draft);
  } catch {
    return null;
  }
}

/**
 * Keeps unsaved changes in localStorage (debounced) and offers a draft found at open.
 * Returns the draft to offer (null once answered), and the answer functions.
 */
export function useDraft() {
  const store = useEditorStoreApi();
  const flowId = useEditor((s) => s.flowId);
  const doc = useEditor((s) => s.history.present.doc);
  const savedJson = useEditor((s) => s.savedJson);
  const [offer, setOffer] = useState<Draft | null>(() => {
    const draft = readDraft(flowId);
    return draft && JSON.stringify(draft.blueprint) !== store.getState().savedJson ? draft : null;
  });

  useEffect(() => {
    if (offer !== null) return; // do not overwrite a draft the user has not answered yet
    const timer = window.setTimeout(() => {
      const state = store.getState();
      if (!isDirty(state)) return window.localStorage.removeItem(draftKey(flowId));
      const draft: Draft = {
        baseVersion: state.baseVersion,
        blueprint: blueprintOf(state),
        savedAt: Date.now(),
      };
      window.localStorage.setItem(draftKey(flowId), JSON.stringify(draft));
    }, 300);
    return () => window.clearTimeout(timer);
  }, [doc, savedJson, flowId, offer, store]);

  return {
    offer,
    restore: () => {
      if (offer) store.getState().actions.load(offer.blueprint, 'Restore unsaved changes');
      setOffer(null);
    },
    discard: () => {
      window.localStorage.removeItem(draftKey(flowId));
      setOffer(null);
    },
  };
}
