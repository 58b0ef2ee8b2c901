import { useEffect } from 'react';
import type { EditorCommands } from './useEditorCommands';

export const SHORTCUTS: readonly [keys: string, does: string][] = [
  ['Delete / Backspace', 'Delete the selection'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste the selected nodes'],
  ['Ctrl+A', 'Select all nodes'],
  ['Ctrl+S', 'Save a new version'],
  ['F', 'Fit the flow in view'],
  ['Shift+drag / Shift+click', 'Box-select / add to the selection'],
  ['?', 'This help'],
];

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The editor's keyboard shortcuts (ignored while typing in a field, except Ctrl+S). */
export function useShortcuts(
  commands: EditorCommands & { save: () => void; help: () => void; readOnly: boolean },
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's') {
        event.preventDefault();
        return commands.readOnly ? undefined : commands.save();
      }
      if (isTyping(event.target)) return;
      // A dialog (dry run, versions, leave?) has the keyboard: the canvas is not in front.
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      const run = (action: () => unknown) => {
        event.preventDefault();
        void action();
      };
      if (commands.readOnly) {
        if (mod && key === 'c') return run(commands.copy);
        if (mod || event.altKey) return;
        if (key === 'f') return run(commands.fitView);
        if (event.key === '?') return run(commands.help);
        return;
      }
      if (mod && key === 'z') return run(event.shiftKey ? commands.redo : commands.undo);
      if (mod && key === 'y') return run(commands.redo);
      if (mod && key === 'c') return run(commands.copy);
      if (mod && key === 'v') return run(commands.paste);
      if (mod && key === 'a') return run(commands.selectAll);
      if (mod || event.altKey) return;
      if (key === 'delete' || key === 'backspace') return run(commands.deleteSelected);
      if (key === 'f') return run(commands.fitView);
      if (event.key === '?') return run(commands.help);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}
