import type { Blueprint } from '@triggerflow/blueprint';
import { useEffect, useMemo } from 'react';
import { catalogRegistry, issuesByElement } from './model/validation';
import { blueprintOf } from './store/editor-store';
import { useEditor, useEditorActions, useEditorStoreApi } from './store/context';

const DEBOUNCE_MS = 300;

/** Runs the shared validation ~300 ms after the last edit and stores the issues by element. */
export function useValidation(): void {
  const doc = useEditor((s) => s.history.present.doc);
  const catalog = useEditor((s) => s.catalog);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const registry = useMemo(() => catalogRegistry(catalog), [catalog]);
  // Selection and measuring replace the document too; validate only what the blueprint holds.
  const key = useMemo(() => JSON.stringify(blueprintOf(store.getState())), [doc, store]);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      actions.setIssues(issuesByElement(JSON.parse(key) as Blueprint, registry));
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [key, registry, actions]);
}
