import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useState } from 'react';
import '../styles/editor.css';
import '../styles/inspector.css';
import { EditorWorkspace } from './EditorWorkspace';
import { createEditorStore, type EditorInit } from './store/editor-store';
import { EditorStoreProvider } from './store/context';

/** The editor on a loaded flow (its own chunk: React Flow and the editor load with it). */
export function Editor({ init }: { init: EditorInit }) {
  // One store per opened flow (the page is keyed by flow id); later query refreshes do not reset it.
  const [store] = useState(() => createEditorStore(init));
  return (
    <EditorStoreProvider store={store}>
      <ReactFlowProvider>
        <EditorWorkspace />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
