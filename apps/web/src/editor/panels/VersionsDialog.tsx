import type { Blueprint } from '@triggerflow/blueprint';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../api/trpc';
import { ErrorMessage } from '../../app/ErrorMessage';
import { diffBlueprints, formatDiff } from '../model/diff';
import { useEditor, useEditorActions } from '../store/context';

/** Saved versions: a readable diff between two, and "Restore this version" (a new edit to save). */
export function VersionsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const trpc = useTRPC();
  const flowId = useEditor((s) => s.flowId);
  const actions = useEditorActions();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  const list = versions.data ?? [];
  const latest = list.reduce((max, v) => Math.max(max, v.version), 0);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? Math.max(1, latest - 1);
  const b = to ?? latest;
  const before = useQuery({
    ...trpc.flows.getVersion.queryOptions({ id: flowId, version: a }),
    enabled: latest > 0,
  });
  const after = useQuery({
    ...trpc.flows.getVersion.queryOptions({ id: flowId, version: b }),
    enabled: latest > 0,
  });
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const lines =
    before.data && after.data
      ? formatDiff(
          diffBlueprints(before.data.blueprint as Blueprint, after.data.blueprint as Blueprint),
        )
      : [];
  const pick = (label: string, value: number, set: (n: number) => void) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select className="input" value={value} onChange={(e) => set(Number(e.target.value))}>
        {list.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <dialog
      ref={ref}
      className="editor-dialog editor-dialog--wide"
      aria-labelledby="versions-title"
      onClose={onClose}
    >
      <h2 id="versions-title">Version history</h2>
      {versions.isError && (
        <ErrorMessage title="Could not list the versions" error={versions.error} />
      )}
      <div className="versions-pick">
        {pick('From', a, setFrom)}
        {pick('To', b, setTo)}
      </div>
      <pre className="versions-diff" aria-label="Differences">
        {lines.length === 0 ? 'No differences.' : lines.join('\n')}
      </pre>
      <button
        type="button"
        className="button"
        disabled={!after.data}
        onClick={() => {
          if (after.data) actions.load(after.data.blueprint as Blueprint, `Restore version ${b}`);
          onClose();
        }}
      >
        Restore version {b}
      </button>{' '}
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
