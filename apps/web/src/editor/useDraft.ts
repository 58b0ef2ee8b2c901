import type { Blueprint } from '@triggerflow/blueprint';
import { useEffect, useState } from 'react';
import {
  blueprintOf,
  isDirty,
  savedJsonOf,
  type EditorState,
  type EditorStore,
} from './store/editor-store';
import { useEditor, useEditorStoreApi } from './store/context';

export const draftKey = (flowId: string): string => `triggerflow.draft.${flowId}`;

/** Edits within this many ms of each other are written once. */
const DEBOUNCE_MS = 500;

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

/** Runs `work` when the browser is idle (or soon, where it cannot tell); returns a canceller. */
function whenIdle(work: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(work, { timeout: 1000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(work, 0);
  return () => window.clearTimeout(id);
}

/**
 * The draft found at open, if it differs from the saved flow: returns it (null once answered)
 * and the answers.
 */
export function useDraftOffer() {
  const store = useEditorStoreApi();
  const flowId = useEditor((s) => s.flowId);
  const [offer, setOffer] = useState<Draft | null>(() => {
    const draft = readDraft(flowId);
    return draft && JSON.stringify(draft.blueprint) !== savedJsonOf(store.getState())
      ? draft
      : null;
  });
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

const selectRevisions = (s: EditorState) => `${s.revision}:${s.savedRevision}`;

/**
 * Writes the unsaved changes as this flow's draft now (or removes the draft when there are none):
 * what the keeper does after its pause, and what leaving the editor does at once.
 */
export function writeDraft(store: EditorStore): void {
  const state = store.getState();
  if (state.readOnly) return;
  const key = draftKey(state.flowId);
  if (!isDirty(state)) return window.localStorage.removeItem(key);
  const blueprint = blueprintOf(state);
  const json = JSON.stringify(blueprint);
  if (json === savedJsonOf(state)) {
    state.actions.matchesSaved(state.revision);
    return window.localStorage.removeItem(key);
  }
  const draft: Draft = { baseVersion: state.baseVersion, blueprint, savedAt: Date.now() };
  window.localStorage.setItem(key, JSON.stringify(draft));
}

/**
 * Keeps unsaved changes in localStorage: ~500 ms after the last edit, when the browser is idle.
 * A document whose content equals the saved flow again (an edit undone by hand) is marked saved
 * then, and its draft removed. `paused` while a draft found at open waits for an answer.
 */
export function useDraftKeeper(paused: boolean): void {
  const store = useEditorStoreApi();
  const revisions = useEditor(selectRevisions);
  useEffect(() => {
    if (paused) return; // do not overwrite a draft the user has not answered yet
    const key = draftKey(store.getState().flowId);
    // Saved (or back to the saved step): no draft to keep, at once (a reload may follow).
    if (!isDirty(store.getState())) return window.localStorage.removeItem(key);
    let cancelIdle = (): void => undefined;
    const timer = window.setTimeout(() => {
      cancelIdle = whenIdle(() => writeDraft(store));
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      cancelIdle();
    };
  }, [revisions, paused, store]);
}
