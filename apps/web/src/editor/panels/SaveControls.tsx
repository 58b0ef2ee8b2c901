import { memo, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isDirty } from '../store/editor-store';
import { useEditor } from '../store/context';

interface SaveControlsProps {
  save: (note?: string) => void;
  saving: boolean;
}

/** The server's limit on a version note (`note` in apps/server/src/routers/inputs.ts). */
const NOTE_MAX = 500;

/**
 * Save (Ctrl+S: never asks anything), a small "Save with note…" beside it that opens a one-line
 * note under the button, and whether the flow has unsaved changes.
 */
export const SaveControls = memo(function SaveControls({ save, saving }: SaveControlsProps) {
  const dirty = useEditor(isDirty);
  const [noting, setNoting] = useState(false);
  const [note, setNote] = useState('');
  const popover = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (noting) input.current?.focus();
  }, [noting]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(note.trim() === '' ? undefined : note.trim());
    setNote('');
    setNoting(false);
  };
  return (
    <div className="save-controls">
      <button
        type="button"
        className="button button--primary save-controls__save"
        onClick={() => save()}
        disabled={saving}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button
        type="button"
        className="button button--primary save-controls__more"
        aria-label="Save with note…"
        title="Save with a note for the version history"
        aria-expanded={noting}
        aria-controls={popover}
        disabled={saving}
        onClick={() => setNoting((open) => !open)}
      >
        ▾
      </button>
      <span className="help save-controls__state" role="status" data-testid="save-state">
        {dirty ? 'Unsaved changes' : 'Saved'}
      </span>
      {noting && (
        <form
          id={popover}
          className="popover save-note"
          onSubmit={submit}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setNoting(false);
          }}
        >
          <label className="field">
            <span className="field__label">Version note (optional)</span>
            <input
              ref={input}
              className="input"
              value={note}
              maxLength={NOTE_MAX}
              placeholder="What changed, for the version history"
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <div className="popover__actions">
            <button type="submit" className="button button--primary">
              Save version
            </button>
            <button type="button" className="button" onClick={() => setNoting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
});
