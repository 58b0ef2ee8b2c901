import { Redo2, Undo2, Workflow } from 'lucide-react';
import { memo, useMemo } from 'react';
import { canRedo, canUndo, redoLabel, undoLabel } from '../model/history';
import { canRun } from '../model/validation';
import { useEditor, useEditorActions } from '../store/context';
import type { EditorCommands } from '../useEditorCommands';
import { RunButton } from '../../runs/RunButton';
import { VIEW_ONLY_REASON } from '../../users/permissions';
import { MoreMenu, type MenuItem } from './MoreMenu';
import { SaveControls } from './SaveControls';

interface ToolbarProps {
  commands: EditorCommands;
  save: (note?: string) => void;
  saving: boolean;
}

/**
 * The editor's toolbar, one row at 1280 px: groups of controls (save | history and canvas | test
 * and run), less frequent commands under "More". A group is a `toolbar-group` span: add a button
 * to a group, or a group, without touching the others. Read-only (a viewer): no editing control,
 * a note saying why instead.
 */
export const Toolbar = memo(function Toolbar({ commands, save, saving }: ToolbarProps) {
  const readOnly = useEditor((s) => s.readOnly);
  const actions = useEditorActions();
  const more = useMemo<MenuItem[]>(
    () => [
      { label: 'View blueprint JSON', run: () => actions.setDialog('json') },
      { label: 'Export blueprint file', run: commands.exportFile },
      { label: 'Keyboard shortcuts', run: () => actions.setDialog('help') },
    ],
    [actions, commands.exportFile],
  );
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      {readOnly ? (
        <span className="toolbar-group read-only-note" role="note" data-testid="read-only-note">
          Read only — you can view this flow
          <span className="visually-hidden">. {VIEW_ONLY_REASON}</span>
        </span>
      ) : (
        <span className="toolbar-group">
          <SaveControls save={save} saving={saving} />
        </span>
      )}
      <span className="toolbar-group">
        {!readOnly && <HistoryButtons commands={commands} />}
        {!readOnly && (
          <button
            type="button"
            className="button"
            title="Arrange the nodes left to right"
            onClick={() => void commands.layout()}
          >
            <Workflow size={16} aria-hidden="true" /> Auto-layout
          </button>
        )}
        <button type="button" className="button" onClick={() => actions.setDialog('versions')}>
          Versions
        </button>
        <MoreMenu items={more} />
      </span>
      <span className="toolbar-group editor-toolbar__run">
        <button type="button" className="button" onClick={() => actions.setDialog('settings')}>
          Flow settings
        </button>
        <button type="button" className="button" onClick={() => actions.setDialog('dryRun')}>
          Dry run
        </button>
        <RunControls />
      </span>
    </div>
  );
});

const HistoryButtons = memo(function HistoryButtons({ commands }: { commands: EditorCommands }) {
  const history = useEditor((s) => s.history);
  const undo = undoLabel(history);
  const redo = redoLabel(history);
  return (
    <>
      <button
        type="button"
        className="button button--icon"
        aria-label="Undo"
        onClick={commands.undo}
        disabled={!canUndo(history)}
        title={undo ? `Undo ${undo} (Ctrl+Z)` : 'Nothing to undo'}
      >
        <Undo2 size={16} aria-hidden="true" />
      </button>
      <button
        type="button"
        className="button button--icon"
        aria-label="Redo"
        onClick={commands.redo}
        disabled={!canRedo(history)}
        title={redo ? `Redo ${redo} (Ctrl+Shift+Z)` : 'Nothing to redo'}
      >
        <Redo2 size={16} aria-hidden="true" />
      </button>
    </>
  );
});

const RunControls = memo(function RunControls() {
  const issues = useEditor((s) => s.issues);
  const readOnly = useEditor((s) => s.readOnly);
  const check = issues ? canRun(issues) : { ok: false as const, message: 'Checking the flow…' };
  return <RunButton check={check} mayRun={!readOnly} />;
});
