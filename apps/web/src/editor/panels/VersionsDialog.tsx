import type { Blueprint } from '@triggerflow/blueprint';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '../../api/trpc';
import { ErrorMessage } from '../../app/ErrorMessage';
import { useUserNames } from '../../approvals/useUserNames';
import { formatDate, formatWhen } from '../../flows/format';
import { diffBlueprints } from '../model/diff';
import { isPlacement, readableDiff } from '../model/readable-diff';
import { useEditor, useEditorActions } from '../store/context';
import { VersionDiff } from './VersionDiff';

/**
 * Version history: every version with when it was saved, by whom (their name) and its note; the
 * differences between two versions in words, setting by setting, which can also be shown on the
 * canvas; "Restore this version" (a new edit to save; not for someone who may not edit).
 */
export function VersionsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const trpc = useTRPC();
  const flowId = useEditor((s) => s.flowId);
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const actions = useEditorActions();
  const nameOf = useUserNames();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  const list = useMemo(() => [...(versions.data ?? [])].reverse(), [versions.data]);
  const latest = list[0]?.version ?? 0;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const b = to ?? latest;
  const a = from ?? Math.max(1, b - 1);
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
  const diff = useMemo(() => {
    if (!before.data || !after.data) return null;
    const old = before.data.blueprint as Blueprint;
    const now = after.data.blueprint as Blueprint;
    const raw = diffBlueprints(old, now);
    return { raw, items: readableDiff(raw, { before: old, after: now, catalog }) };
  }, [before.data, after.data, catalog]);

  const showOnCanvas = () => {
    if (diff === null || !before.data) return;
    const old = before.data.blueprint as Blueprint;
    actions.showDiff({
      from: a,
      to: b,
      added: new Set(diff.raw.addedNodes.map((n) => n.id)),
      // Moves are not marked: a layout would light up every node.
      changed: new Set(
        diff.raw.changedNodes
          .filter((n) => n.changes.some((c) => !isPlacement(c.path)))
          .map((n) => n.id),
      ),
      removed: diff.raw.removedNodes.map(
        (n) => old.nodes.find((o) => o.id === n.id)?.label ?? 'a step without a label',
      ),
    });
    onClose();
  };

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
      <table className="versions-table" aria-label="Versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.version} className={v.version === b ? 'versions-table__current' : undefined}>
              <td>
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Compare version ${v.version} with the one before`}
                  onClick={() => {
                    setTo(v.version);
                    setFrom(Math.max(1, v.version - 1));
                  }}
                >
                  v{v.version}
                </button>
              </td>
              <td>
                <time
                  dateTime={new Date(v.createdAt).toISOString()}
                  title={formatDate(v.createdAt)}
                >
                  {formatWhen(v.createdAt)}
                </time>
              </td>
              <td>{nameOf(v.createdBy)}</td>
              <td className="versions-table__note">{v.note ?? <span className="help">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="versions-pick">
        {pick('From', a, setFrom)}
        {pick('To', b, setTo)}
      </div>
      <VersionDiff items={diff?.items ?? null} from={a} to={b} />
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          disabled={diff === null || diff.items.length === 0}
          onClick={showOnCanvas}
        >
          Show on the canvas
        </button>
        {!readOnly && (
          <button
            type="button"
            className="button"
            disabled={!after.data}
            onClick={() => {
              if (after.data)
                actions.load(after.data.blueprint as Blueprint, `Restore version ${b}`);
              onClose();
            }}
          >
            Restore version {b}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
