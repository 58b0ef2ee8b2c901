import { useCallback, useEffect, useState } from 'react';
import { setNavigationGuard } from '../app/router';
import { isDirty } from './store/editor-store';
import { useEditorStoreApi } from './store/context';
import { writeDraft } from './useDraft';

export interface PendingLeave {
  /** Where the user was going. */
  readonly to: string;
  readonly proceed: () => void;
}

/**
 * Never lose work: while the flow has unsaved changes, leaving the editor asks first. In-app
 * navigation (links, the top bar, back / forward) is held and answered in the editor's own
 * dialog (`pending`); closing or reloading the tab gets the browser's `beforeunload` question.
 * Either way the edit is written as the flow's draft first (offered again when it reopens).
 * A read-only editor has nothing to lose and asks nothing.
 */
export function useLeaveGuard() {
  const store = useEditorStoreApi();
  const [pending, setPending] = useState<PendingLeave | null>(null);
  useEffect(() => {
    if (store.getState().readOnly) return;
    const remove = setNavigationGuard((to, proceed) => {
      if (!isDirty(store.getState())) return false;
      // Leaving without saving keeps the edit as a draft: written now, not after its pause.
      setPending({
        to,
        proceed: () => {
          writeDraft(store);
          proceed();
        },
      });
      return true;
    });
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty(store.getState())) return;
      writeDraft(store);
      event.preventDefault();
      // Older browsers ask only when a return value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      remove();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [store]);
  const stay = useCallback(() => setPending(null), []);
  return { pending, stay };
}
