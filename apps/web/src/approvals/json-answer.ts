export type JsonAnswer = { ok: true; value: unknown } | { ok: false; message: string };

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * A free answer typed as JSON (pauses without a form): the value, or what is wrong with the
 * text and where.
 */
export function parseJsonAnswer(text: string): JsonAnswer {
  if (text.trim() === '') {
    return { ok: false, message: 'Write the answer as JSON, e.g. {"ok": true}, or null for none.' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(reason)?.[1];
    const where =
      position === undefined || /line \d+/.test(reason)
        ? ''
        : ` (${lineAndColumn(text, Number(position))})`;
    return { ok: false, message: `Not valid JSON: ${reason}${where}` };
  }
}
