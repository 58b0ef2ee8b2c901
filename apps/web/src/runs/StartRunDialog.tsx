import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorMessage } from '../app/ErrorMessage';
import { ResponseForm } from '../approvals/ResponseForm';
import { isDirty, settingsOf } from '../editor/store/editor-store';
import { useEditor } from '../editor/store/context';
import '../styles/runs.css';
import { parseJsonInput } from './json-input';
import { lastInput } from './last-input';
import { useStartRun, type StartHow } from './useStartRun';

type Mode = 'form' | 'json';

const isSchema = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pretty = (value: unknown) => JSON.stringify(value, null, 2) ?? 'null';

/**
 * Starts a run from the editor: the input as JSON (parse errors name line and column) or, when
 * the flow declares `meta.inputSchema`, as a form. With unsaved changes it offers to save first
 * (a new version) or to run the saved version. Server refusals (bad input, flow errors) show
 * below, field by field.
 */
export function StartRunDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const ids = { title: useId(), input: useId(), error: useId() };
  const flowId = useEditor((s) => s.flowId);
  const dirty = useEditor(isDirty);
  const baseVersion = useEditor((s) => s.baseVersion);
  const declared = useEditor((s) => settingsOf(s).meta?.['inputSchema']);
  const schema = isSchema(declared) ? declared : null;
  const [mode, setMode] = useState<Mode>(schema === null ? 'json' : 'form');
  const sample = useEditor((s) => settingsOf(s).meta?.['sampleInput']);
  const [initial] = useState(() => lastInput(flowId) ?? sample ?? {});
  const [text, setText] = useState(() => pretty(initial));
  const [formValue, setFormValue] = useState<unknown>(initial);
  const parsed = useMemo(() => parseJsonInput(text), [text]);
  const start = useStartRun();
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') setText(pretty(formValue));
    else if (parsed.ok) setFormValue(parsed.value);
    setMode(next);
  };
  const input = mode === 'form' ? { ok: true as const, value: formValue } : parsed;
  const launch = (how: StartHow) => {
    if (input.ok) start.mutate({ how, input: input.value });
  };
  const busy = start.isPending;

  return (
    <dialog
      ref={ref}
      className="editor-dialog start-run"
      aria-labelledby={ids.title}
      onClose={onClose}
    >
      <h2 id={ids.title}>Start a run</h2>
      {schema !== null && (
        <fieldset className="start-run__modes">
          <legend className="visually-hidden">Enter the input as</legend>
          {(['form', 'json'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="start-run-mode"
                checked={mode === m}
                disabled={m === 'form' && mode === 'json' && !parsed.ok}
                onChange={() => switchTo(m)}
              />{' '}
              {m === 'form' ? 'Form' : 'JSON'}
            </label>
          ))}
        </fieldset>
      )}
      {mode === 'form' && schema !== null ? (
        <ResponseForm
          schema={schema}
          hidden={[]}
          value={isSchema(formValue) ? formValue : {}}
          onChange={(value) => setFormValue(value)}
          errors={{}}
          idPrefix="run-input"
          disabled={busy}
        />
      ) : (
        <div className="field">
          <label htmlFor={ids.input} className="field__label">
            Input (JSON)
          </label>
          <textarea
            id={ids.input}
            value={text}
            spellCheck={false}
            aria-invalid={!parsed.ok}
            aria-describedby={parsed.ok ? undefined : ids.error}
            onChange={(e) => setText(e.target.value)}
          />
          {!parsed.ok && (
            <p id={ids.error} className="start-run__error" role="alert">
              {parsed.message}
            </p>
          )}
        </div>
      )}
      {dirty && (
        <p className="notice notice--warning" role="note">
          This flow has unsaved changes. Save them as a new version and run that, or run the saved
          version {baseVersion}.
        </p>
      )}
      {start.isError && <ErrorMessage title="Could not start the run" error={start.error} />}
      <div className="start-run__actions">
        {dirty ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy || !input.ok}
              onClick={() => launch('saveFirst')}
            >
              {busy ? 'Starting…' : 'Save and run'}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy || !input.ok}
              onClick={() => launch('saved')}
            >
              Run saved version {baseVersion}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !input.ok}
            onClick={() => launch('saved')}
          >
            {busy ? 'Starting…' : 'Start run'}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
