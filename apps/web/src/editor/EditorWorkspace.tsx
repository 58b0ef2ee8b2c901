import { memo, useCallback, useState } from 'react';
import { describeError } from '../api/errors';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { Canvas } from './canvas/Canvas';
import { DryRunDialog } from './dry-run/DryRunDialog';
import { HelpDialog } from './panels/HelpDialog';
import { Inspector } from './inspector/Inspector';
import { Palette } from './panels/Palette';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { Toolbar } from './panels/Toolbar';
import { VersionsDialog } from './panels/VersionsDialog';
import { FlowSettingsDialog } from './settings/FlowSettingsDialog';
import { settingsOf } from './store/editor-store';
import { useEditor, useEditorActions } from './store/context';
import { useDraftKeeper, useDraftOffer } from './useDraft';
import { useEditorCommands } from './useEditorCommands';
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

/** The editor's layout: top bar, palette | canvas | inspector, problems below. */
export function EditorWorkspace() {
  const name = useEditor((s) => settingsOf(s).name);
  const [notice, setNotice] = useState<string | null>(null);
  const notify = useCallback((message: string) => setNotice(message), []);
  const commands = useEditorCommands(notify);
  const { save, mutation } = useSave();
  const dialog = useEditor((s) => s.dialog);
  const actions = useEditorActions();
  const draft = useDraftOffer();
  const help = useCallback(() => actions.setDialog('help'), [actions]);
  useShortcuts({ ...commands, save, help });
  const conflict = mutation.isError && describeError(mutation.error).code === 'CONFLICT';

  return (
    <main className="editor" aria-labelledby="editor-title">
      <header className="editor-header">
        <Link href="/flows">← Flows</Link>
        <h1 id="editor-title">{name}</h1>
        <Toolbar commands={commands} save={save} saving={mutation.isPending} />
      </header>
      {draft.offer && (
        <div className="notice notice--warning editor-banner" role="alert">
          Restore unsaved changes? (from {new Date(draft.offer.savedAt).toLocaleString()})
          <button type="button" className="button button--primary" onClick={draft.restore}>
            Restore
          </button>
          <button type="button" className="button" onClick={draft.discard}>
            Discard
          </button>
        </div>
      )}
      {mutation.isError && (
        <ErrorMessage
          title={
            conflict
              ? 'Not saved: someone saved a newer version of this flow. Reload to see it (your changes stay in this browser).'
              : 'Could not save the flow'
          }
          error={mutation.error}
          onDismiss={mutation.reset}
        />
      )}
      {mutation.isSuccess && !mutation.isPending && (
        <p className="help editor-banner" role="status">
          Saved version {mutation.data.flow.latestVersion}.
        </p>
      )}
      {notice && (
        <p className="help editor-banner" role="status">
          {notice}
        </p>
      )}
      <div className="editor-body">
        <Palette />
        <Canvas />
        <Inspector />
      </div>
      <ProblemsPanel />
      <RevisionEffects keepDraft={draft.offer === null} />
      {dialog === 'help' && <HelpDialog onClose={() => actions.setDialog(null)} />}
      {dialog === 'versions' && <VersionsDialog onClose={() => actions.setDialog(null)} />}
      {dialog === 'dryRun' && <DryRunDialog onClose={() => actions.setDialog(null)} />}
      {dialog === 'settings' && <FlowSettingsDialog onClose={() => actions.setDialog(null)} />}
    </main>
  );
}
