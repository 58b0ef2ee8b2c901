import type { BlueprintIssue } from '@triggerflow/blueprint';
import { memo } from 'react';
import type { EditorState } from '../store/editor-store';
import { useEditor } from '../store/context';
import { useIssueWords } from '../useIssueWords';

export type IssueTone = 'error' | 'warning';

export function toneOf(issues: readonly BlueprintIssue[] | undefined): IssueTone | undefined {
  if (!issues || issues.length === 0) return undefined;
  return issues.some((i) => i.severity === 'error') ? 'error' : 'warning';
}

/** The tone of a node's issues, if any (a string: re-renders only when the tone changes). */
export const useIssueTone = (nodeId: string): IssueTone | undefined =>
  useEditor((s: EditorState) => toneOf(s.issues?.nodes.get(nodeId)));

/** A red (error) or yellow (warning) badge with the count of a node's issues. */
export const IssueBadge = memo(function IssueBadge({ nodeId }: { nodeId: string }) {
  const issues = useEditor((s) => s.issues?.nodes.get(nodeId));
  const words = useIssueWords();
  const tone = toneOf(issues);
  if (!issues || tone === undefined) return null;
  const text = issues.map((i) => words(i).message).join('\n');
  return (
    <span
      className={`issue-badge issue-badge--${tone}`}
      data-testid={`marker-${nodeId}`}
      role="img"
      aria-label={`${issues.length} ${tone === 'error' ? 'error' : 'warning'}${issues.length > 1 ? 's' : ''}: ${text}`}
      title={text}
    >
      {issues.length}
    </span>
  );
});
