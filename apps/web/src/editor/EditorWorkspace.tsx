import { memo, useCallback } from 'react';
import { Link } from '../app/Link';
import { Canvas } from './canvas/Canvas';
import { DryRunDialog } from './dry-run/DryRunDialog';
import { HelpDialog } from './panels/HelpDialog';
import { Inspector } from './inspector/Inspector';
import { JsonDialog } from './panels/JsonDialog';
import { LeaveDialog } from './panels/LeaveDialog';
import { Palette } from './panels/Palette';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { Toasts } from './panels/Toasts';
import { Toolbar } from './panels/Toolbar';
import { VersionsDialog } from './panels/VersionsDialog';
import { FlowSettingsDialog } from './settings/FlowSettingsDialog';
import { settingsOf } from './store/editor-store';
import { useEditor, useEditorActions } from './store/context';
import { useDraftKeeper, useDraftOffer } from './useDraft';
import { useEditorCommands } from './useEditorCommands';
import { useLeaveGuard } from './useLeaveGuard';
import { useSave } from './useSave';
import { useShortcuts } from './useShortcuts';
import { useValidation } from './useValidation';

/**
 * Work that follows the document's content revision (validation, draft saving), in a component of
 * its own: an edit re-renders this, not the workspace.
 */
const RevisionEffects = memo(function RevisionEffects({ keepDraft }: { keepDraft: boolean }) {
  useValidation();
  useDraftKeeper(!keepDraft);
  return null;
});

/**
 * The editor's layout: top bar, palette | canvas | inspector, problems below; notices are toasts
 * over the canvas, so nothing moves when they come and go.
 */
export function EditorWorkspace() {
  const name = useEditor((s) => settingsOf(s).name);
  const actions = useEditorActions();
  const notify = useCallback((message: string) => actions.notify(message), [actions]);
  const commands = useEditorCommands(notify);
  const { save, mutation } = useSave();
  const saveNow = useCallback((note?: string) => save(note === undefined ? {} : { note }), [save]);
  const dialog = useEditor((s) => s.dialog);
  const readOnly = useEditor((s) => s.readOnly);
  const draft = useDraftOffer();
  const leave = useLeaveGuard();
  const help = useCallback(() => actions.setDialog('help'), [actions]);
  useShortcuts({ ...commands, save: saveNow, help, readOnly });
  const close = () => actions.setDialog(null);

  return (
    <main className="editor" aria-labelledby="editor-title">
      <header className="editor-header">
        <Link href="/flows">← Flows</Link>
        <h1 id="editor-title" title={name}>
          {name}
        </h1>
        <Toolbar commands={commands} save={saveNow} saving={mutation.isPending} />
      </header>
      <div className="editor-body">
        <Palette />
        {/* The canvas with its notices over its lower right corner (over no toolbar or panel). */}
        <div className="editor-stage">
          <Canvas />
          <Toasts>
            {draft.offer && !readOnly && (
              <div className="toast toast--warning" role="alert">
                <span className="toast__message">
                  Restore unsaved changes? (from {new Date(draft.offer.savedAt).toLocaleString()})
                </span>
                <button type="button" className="button button--primary" onClick={draft.restore}>
                  Restore
                </button>
                <button type="button" className="button" onClick={draft.discard}>
                  Discard
                </button>
              </div>
            )}
          </Toasts>
        </div>
        {/* Read-only (a viewer): the inspector shows every value; no field can change. */}
        <Inspector />
      </div>
      <ProblemsPanel />
      <RevisionEffects keepDraft={draft.offer === null && !readOnly} />
      {dialog === 'help' && <HelpDialog onClose={close} />}
      {dialog === 'versions' && <VersionsDialog onClose={close} />}
      {dialog === 'dryRun' && <DryRunDialog onClose={close} />}
      {dialog === 'json' && <JsonDialog onClose={close} />}
      {dialog === 'settings' && <FlowSettingsDialog onClose={close} />}
      {leave.pending && (
        <LeaveDialog
          pending={leave.pending}
          saving={mutation.isPending}
          onStay={leave.stay}
          onSave={() => {
            const { proceed } = leave.pending ?? {};
            save({ onSaved: () => proceed?.() });
          }}
        />
      )}
    </main>
  );
}
