import { memo, useMemo, useState } from 'react';

/** Past this many characters a value is cut until the reader asks for all of it. */
const LIMIT = 20_000;

function pretty(value: unknown): string {
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2) ?? typeof value;
  } catch (error) {
    return `(cannot be shown: ${error instanceof Error ? error.message : 'not JSON'})`;
  }
}

/** A JSON value, indented, labelled for screen readers and tests. */
export const JsonBlock = memo(function JsonBlock({
  value,
  label,
  testId,
}: {
  value: unknown;
  label: string;
  testId?: string;
}) {
  const text = useMemo(() => pretty(value), [value]);
  const [all, setAll] = useState(false);
  const cut = !all && text.length > LIMIT;
  return (
    <>
      <pre className="run-json" aria-label={label} data-testid={testId}>
        {cut ? `${text.slice(0, LIMIT)}…` : text}
      </pre>
      {cut && (
        <button type="button" className="button button--quiet" onClick={() => setAll(true)}>
          Show all {text.length.toLocaleString()} characters
        </button>
      )}
    </>
  );
});
