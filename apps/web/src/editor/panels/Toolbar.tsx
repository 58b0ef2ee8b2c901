import { memo } from 'react';
import { canRedo, canUndo, redoLabel, undoLabel } from '../model/history';
import { canRun } from '../model/validation';
import { isDirty } from '../store/editor-store';
import { useEditor, useEditorActions } from '../store/context';
import type { EditorCommands } from '../useEditorCommands';
import { RunButton } from '../../runs/RunButton';

interface ToolbarProps {
  commands: EditorCommands;
  save: () => void;
  saving: boolean;
}

export const Toolbar = memo(function Toolbar({ commands, save, saving }: ToolbarProps) {
  const history = useEditor((s) => s.history);
  const dirty = useEditor(isDirty);
  const issues = useEditor((s) => s.issues);
  const actions = useEditorActions();
  const run = issues ? canRun(issues) : { ok: false as const, message: 'Checking the flow…' };
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      <button type="button" className="button button--primary" onClick={save} disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      <span className="help" role="status" data-testid="save-state">
        {dirty ? 'Unsaved changes' : 'Saved'}
      </span>
      <button
        type="button"
        className="button"
        onClick={commands.undo}
        disabled={!canUndo(history)}
        title={undoLabel(history) && `Undo ${undoLabel(history)}`}
      >
        Undo
      </button>
      <button
        type="button"
        className="button"
        onClick={commands.redo}
        disabled={!canRedo(history)}
        title={redoLabel(history) && `Redo ${redoLabel(history)}`}
      >
        Redo
      </button>
      <button type="button" className="button" onClick={() => void commands.layout()}>
        Auto-layout
      </button>
      <button type="button" className="button" onClick={commands.fitView}>
        Fit view
      </button>
      <button type="button" className="button" onClick={commands.exportFile}>
        Export
      </button>
      <button type="button" className="button" onClick={() => actions.setDialog('versions')}>
        Versions
      </button>
      <button type="button" className="button" onClick={() => actions.setDialog('settings')}>
        Flow settings
      </button>
      <button
        type="button"
        className="button"
        aria-label="Keyboard shortcuts"
        onClick={() => actions.setDialog('help')}
      >
        ?
      </button>
      <button type="button" className="button" onClick={() => actions.setDialog('dryRun')}>
        Dry run
      </button>
      <span className="editor-toolbar__run">
        <RunButton check={run} />
      </span>
    </div>
  );
});
