import { useReactFlow } from '@xyflow/react';
import type { BlueprintIssue } from '@triggerflow/blueprint';
import { memo } from 'react';
import type { FlowEdge, FlowNode } from '../model/convert';
import { useEditor, useEditorActions } from '../store/context';
import { useIssueWords } from '../useIssueWords';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Every issue of the flow; clicking one selects its node (or edge's source) and centres it. */
export const ProblemsPanel = memo(function ProblemsPanel() {
  const issues = useEditor((s) => s.issues);
  const edges = useEditor((s) => s.history.present.doc.edges);
  const actions = useEditorActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const words = useIssueWords();

  const focus = (issue: BlueprintIssue) => {
    const nodeId = issue.nodeId ?? edges.find((e) => e.id === issue.edgeId)?.source;
    if (nodeId === undefined) return;
    actions.select(new Set([nodeId]));
    void flow.fitView({ nodes: [{ id: nodeId }], duration: 200, maxZoom: 1.2 });
  };

  const all = issues?.all ?? [];
  return (
    <section className="editor-problems" aria-label="Problems">
      <h2 className="editor-problems__head">
        Problems{' '}
        <span className="help">
          {issues
            ? `${count(issues.errors, 'error')}, ${count(issues.warnings, 'warning')}`
            : 'checking…'}
        </span>
      </h2>
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
    </section>
  );
});
