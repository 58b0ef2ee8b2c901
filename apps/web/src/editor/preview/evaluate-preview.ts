/**
 * What an expression gives on sample data, exactly as a step computes it: the node library's
 * JSONata (same limits), and `{{ }}` templates rendered as the agent renders them. Pure, run by
 * the preview worker; tested directly.
 */
import { compileExpression } from '@triggerflow/nodes';
import type { PreviewRequest, PreviewResponse } from './preview-protocol';

const SEGMENT = /\{\{([\s\S]*?)\}\}/g;

async function renderTemplate(source: string, scope: unknown): Promise<string> {
  const values: string[] = [];
  for (const match of source.matchAll(SEGMENT)) {
    const value = await compileExpression(match[1] ?? '').evaluate(scope);
    values.push(
      value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  let i = 0;
  return source.replace(SEGMENT, () => values[i++] ?? '');
}

/** Values a worker can post back: functions and other non-JSON values become a description. */
function postable(value: unknown): unknown {
  if (typeof value === 'function') return { $preview: 'a function' };
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export async function evaluatePreview(request: PreviewRequest): Promise<PreviewResponse> {
  const scope = { input: request.input, state: request.state };
  try {
    const value =
      request.syntax === 'template'
        ? await renderTemplate(request.source, scope)
        : await compileExpression(request.source).evaluate(scope);
    return { id: request.id, ok: true, value: postable(value) };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
