import { memo, type ReactNode } from 'react';
import { useEditor, useEditorActions } from '../store/context';

/**
 * The editor's notices (saved, copied, layout done, errors) as toasts over the canvas' corner:
 * nothing on the page moves when one comes or goes. `children` come first (the draft offer).
 */
export const Toasts = memo(function Toasts({ children }: { children?: ReactNode }) {
  const toasts = useEditor((s) => s.toasts);
  const actions = useEditorActions();
  return (
    <div className="toasts" aria-live="polite">
      {children}
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast--${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
        >
          <span className="toast__message">{toast.message}</span>
          <button
            type="button"
            className="button button--quiet toast__close"
            aria-label="Dismiss"
            onClick={() => actions.dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
});
