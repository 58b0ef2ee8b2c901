import { useEffect, useRef } from 'react';
import type { PendingLeave } from '../useLeaveGuard';

interface LeaveDialogProps {
  pending: PendingLeave;
  saving: boolean;
  /** Saves, then leaves once the save succeeded (a failed save stays, with its error). */
  onSave: () => void;
  onStay: () => void;
}

/** "Leave without saving?" for in-app navigation away from an edited flow. */
export function LeaveDialog({ pending, saving, onSave, onStay }: LeaveDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="editor-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onClose={onStay}
    >
      <h2 id="leave-title">Leave without saving?</h2>
      <p id="leave-text">
        This flow has changes that are not saved as a version yet. Save them first, or leave (this
        browser keeps a draft you can restore when you open the flow again).
      </p>
      <div className="dialog-actions">
        <button type="button" className="button button--primary" disabled={saving} onClick={onSave}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={pending.proceed}>
          Leave without saving
        </button>
        <button type="button" className="button" onClick={onStay} autoFocus>
          Stay
        </button>
      </div>
    </dialog>
  );
}
