import { memo } from 'react';
import { useEditor, useEditorActions } from '../store/context';

/** Over the canvas while a version diff is shown on it: the key, what was removed, the way back. */
export const DiffBanner = memo(function DiffBanner() {
  const diff = useEditor((s) => s.diffView);
  const actions = useEditorActions();
  if (diff === null) return null;
  return (
    <div className="diff-banner" role="status" data-testid="diff-banner">
      <span>
        Version {diff.from} → {diff.to}: <span className="diff-key diff-key--added" /> added{' '}
        <span className="diff-key diff-key--changed" /> changed
        {diff.removed.length > 0 && ` · removed: ${diff.removed.join(', ')}`}
      </span>
      <button type="button" className="button" onClick={() => actions.showDiff(null)}>
        Back to editing
      </button>
    </div>
  );
});
