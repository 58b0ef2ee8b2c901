import { useReactFlow } from '@xyflow/react';
import type { BlueprintIssue } from '@triggerflow/blueprint';
import { memo, useId, useState } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useEditor, useEditorActions } from '../store/context';
import { useIssueWords } from '../useIssueWords';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const OPEN_KEY = 'triggerflow.problems.open';

function readOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) !== 'false';
  } catch {
    return true;
  }
}

/**
 * Every issue of the flow; clicking one selects its node (or edge's source) and centres it. The
 * panel has a fixed height, open or collapsed (its header alone): a list that grows or shrinks
 * never moves the canvas. Whether it is open is remembered in this browser.
 */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const issues = useEditor((s) => s.issues);
  const edges = useEditor((s) => s.history.present.doc.edges);
  const actions = useEditorActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const words = useIssueWords();
  const [open, setOpen] = useState(readOpen);
  const listId = useId();

  const toggle = () => {
    setOpen(!open);
    try {
      window.localStorage.setItem(OPEN_KEY, String(!open));
    } catch {
      // Not remembered: the panel still opens and closes.
    }
  };

  const focus = (issue: BlueprintIssue) => {
    const nodeId = issue.nodeId ?? edges.find((e) => e.id === issue.edgeId)?.source;
    if (nodeId === undefined) return;
    actions.select(new Set([nodeId]));
    void flow.fitView({ nodes: [{ id: nodeId }], duration: 200, maxZoom: 1.2 });
  };

  const all = issues?.all ?? [];
  const summary = issues
    ? `${count(issues.errors, 'error')}, ${count(issues.warnings, 'warning')}`
    : 'checking…';
  return (
    <section
      className={`editor-problems${open ? '' : ' editor-problems--closed'}`}
      aria-label="Problems"
    >
      <h2 className="editor-problems__head">
        <button
          type="button"
          className="editor-problems__toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={toggle}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Problems{' '}
          <span className={`help${issues && issues.errors > 0 ? ' editor-problems__errors' : ''}`}>
            {summary}
          </span>
        </button>
      </h2>
      <div id={listId} className="editor-problems__body" hidden={!open}>
        {all.length === 0 ? (
          <p className="empty">No problems.</p>
        ) : (
          <ul className="editor-problems__list">
            {all.map((issue, i) => {
              const { subject, message } = words(issue);
              return (
                <li key={i}>
                  <button
                    type="button"
                    className={`problem problem--${issue.severity}`}
                    onClick={() => focus(issue)}
                  >
                    <span className="problem__severity">
                      {issue.severity === 'error' ? 'Error' : 'Warning'}
                    </span>
                    {subject && <strong className="problem__subject">{subject}</strong>}
                    <span className="problem__message">{message}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
});
