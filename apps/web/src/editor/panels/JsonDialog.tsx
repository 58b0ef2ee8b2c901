import { useEffect, useMemo, useRef, useState } from 'react';
import { blueprintOf } from '../store/editor-store';
import { useEditorStoreApi } from '../store/context';

/**
 * "View blueprint JSON": the flow as it would be exported, to read or copy (the blueprint is the
 * one serialized form of a flow, DESIGN.md §3), without downloading a file.
 */
export function JsonDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const store = useEditorStoreApi();
  const json = useMemo(() => JSON.stringify(blueprintOf(store.getState()), null, 2), [store]);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <dialog
      ref={ref}
      className="editor-dialog editor-dialog--wide"
      aria-labelledby="json-title"
      onClose={onClose}
    >
      <h2 id="json-title">Blueprint JSON</h2>
      <p className="help">
        This flow as a blueprint, as “Export blueprint file” saves it and “Import” reads it.
      </p>
      <pre className="json-view" data-testid="blueprint-json" tabIndex={0}>
        {json}
      </pre>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy to clipboard
        </button>
        {copied === 'yes' && <span className="help">Copied.</span>}
        {copied === 'no' && (
          <span className="help">The browser did not allow copying: select the text instead.</span>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
