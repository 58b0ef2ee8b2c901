import { useCallback, useState } from 'react';

/** `copied`: on the clipboard; `selected`: the browser refused, the text is selected instead. */
export type CopyOutcome = 'copied' | 'selected';

/**
 * Copies a read-only field's text with the async Clipboard API. Where that is missing (a page
 * not served over HTTPS or localhost) or refused, the field's text is selected so the person can
 * press Ctrl+C themselves.
 */
export function useCopyText(): {
  outcome: CopyOutcome | null;
  copy: (field: HTMLInputElement) => Promise<void>;
} {
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const copy = useCallback(async (field: HTMLInputElement) => {
    field.focus();
    field.select();
    const clipboard = (navigator as Partial<Navigator>).clipboard;
    if (clipboard === undefined) {
      setOutcome('selected');
      return;
    }
    try {
      await clipboard.writeText(field.value);
      setOutcome('copied');
    } catch {
      setOutcome('selected');
    }
  }, []);
  return { outcome, copy };
}
