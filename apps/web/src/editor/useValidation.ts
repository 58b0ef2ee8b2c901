import type { Blueprint } from '@triggerflow/blueprint';
import { useEffect } from 'react';
import type { ValidationCatalogEntry } from './model/editor-issues';
import { createValidationClient, type ValidationClient } from './model/validation-client';
import type { ElementIssues } from './model/validation';
import { blueprintOf, type EditorState } from './store/editor-store';
import { useEditor, useEditorStoreApi } from './store/context';

/** Edits within this many ms of each other are validated once. */
const DEBOUNCE_MS = 300;

let client: ValidationClient | null | undefined;
/** The shared validation worker (null where workers cannot start: the main thread checks). */
function validationWorker(): ValidationClient | null {
  if (client !== undefined) return client;
  try {
    client = createValidationClient(
      new Worker(new URL('./model/validation.worker.ts', import.meta.url), { type: 'module' }),
    );
  } catch {
    client = null;
  }
  return client;
}

async function validateHere(
  entries: readonly ValidationCatalogEntry[],
  blueprint: Blueprint,
): Promise<ElementIssues> {
  const { createEditorValidator } = await import('./model/editor-issues');
  return createEditorValidator(entries)(blueprint);
}

function validate(entries: readonly ValidationCatalogEntry[], blueprint: Blueprint) {
  const worker = validationWorker();
  if (worker === null) return validateHere(entries, blueprint);
  worker.setCatalog(entries);
  return worker.validate(blueprint).catch(() => validateHere(entries, blueprint));
}

const sameIssues = (a: ElementIssues | null, b: ElementIssues): boolean =>
  a !== null && a.all.length === b.all.length && JSON.stringify(a.all) === JSON.stringify(b.all);

const selectRevision = (s: EditorState) => s.revision;

/**
 * Validates the flow in a web worker (editor-issues.ts: the engine's checks and JSONata syntax)
 * when it opens and ~300 ms after the last edit, and stores the issues by element. Selection,
 * measuring and panning change no revision, so they validate nothing.
 */
export function useValidation(): void {
  const revision = useEditor(selectRevision);
  const catalog = useEditor((s) => s.catalog);
  const store = useEditorStoreApi();
  useEffect(() => {
    let live = true;
    const first = store.getState().issues === null;
    const timer = window.setTimeout(
      () => {
        const state = store.getState();
        validate(catalog, blueprintOf(state)).then(
          (issues) => {
            if (!live || sameIssues(store.getState().issues, issues)) return;
            store.getState().actions.setIssues(issues);
          },
          (error: unknown) => console.error('validation failed', error),
        );
      },
      first ? 0 : DEBOUNCE_MS,
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [revision, catalog, store]);
}
