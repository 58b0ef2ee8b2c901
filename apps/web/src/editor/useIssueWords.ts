import type { BlueprintIssue } from '@triggerflow/blueprint';
import { useCallback } from 'react';
import { entryOf } from './catalog';
import { useNodeName } from './inspector/useNodeName';
import { issueWords, type IssueWords } from './model/issue-text';
import { useEditor, useEditorStoreApi } from './store/context';

/**
 * Issues in the editor's words (model/issue-text.ts), naming nodes as the document has them when
 * asked (so a badge or a list re-renders with its issues, not with every edit).
 */
export function useIssueWords(): (issue: BlueprintIssue) => IssueWords {
  const store = useEditorStoreApi();
  const nameOf = useNodeName();
  const catalog = useEditor((s) => s.catalog);
  return useCallback(
    (issue) =>
      issueWords(issue, store.getState().history.present.doc, nameOf, (node) =>
        entryOf(catalog, node.data),
      ),
    [store, nameOf, catalog],
  );
}
