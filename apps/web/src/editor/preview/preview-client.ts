/**
 * The editor's side of the preview worker: one evaluation at a time; one that runs past the limit
 * is stopped by terminating the worker (a runaway expression or regular expression can never
 * freeze the tab), and the next evaluation starts a fresh one.
 */
import type { PreviewRequest, PreviewResponse, PreviewSyntax } from './preview-protocol';

export const PREVIEW_LIMIT_MS = 1_000;

export type PreviewResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

let worker: Worker | null = null;
let next = 0;
let pending: { id: number; settle: (r: PreviewResult) => void; timer: number } | null = null;

function start(): Worker {
  const created = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
  created.addEventListener('message', (event: MessageEvent<PreviewResponse>) => {
    const answer = event.data;
    if (pending === null || pending.id !== answer.id) return;
    window.clearTimeout(pending.timer);
    const { settle } = pending;
    pending = null;
    settle(answer.ok ? { ok: true, value: answer.value } : { ok: false, message: answer.message });
  });
  return created;
}

function stop(): void {
  worker?.terminate();
  worker = null;
}

/** Evaluates `source` on `{ input, state }`; a newer call supersedes (and settles) an older one. */
export function evaluateInWorker(options: {
  source: string;
  syntax: PreviewSyntax;
  input: unknown;
  state: unknown;
}): Promise<PreviewResult> {
  if (pending !== null) {
    window.clearTimeout(pending.timer);
    pending.settle({ ok: false, message: 'superseded' });
    pending = null;
    stop(); // the previous evaluation may still be running: never queue behind it
  }
  worker ??= start();
  const id = (next += 1);
  const request: PreviewRequest = { id, ...options };
  return new Promise<PreviewResult>((settle) => {
    const timer = window.setTimeout(() => {
      pending = null;
      stop();
      settle({
        ok: false,
        message: `The preview ran longer than ${PREVIEW_LIMIT_MS / 1000} s and was stopped.`,
      });
    }, PREVIEW_LIMIT_MS);
    pending = { id, settle, timer };
    (worker as Worker).postMessage(request);
  });
}
