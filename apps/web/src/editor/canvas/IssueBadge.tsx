import { memo } from 'react';
import { useEditor } from '../store/context';

/** A red (error) or yellow (warning) badge with the count of a node's issues. */
export const IssueBadge = memo(function IssueBadge({ nodeId }: { nodeId: string }) {
  const issues = useEditor((s) => s.issues?.nodes.get(nodeId));
  if (!issues || issues.length === 0) return null;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const tone = errors > 0 ? 'error' : 'warning';
  const text = issues.map((i) => i.message).join('\n');
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
