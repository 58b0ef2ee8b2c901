/**
 * The main thread's side of the validation worker: `validate(blueprint)` posts it and resolves with
 * its issues (requests are numbered, so answers may come in any order). The worker is injected
 * (`ValidationWorkerLike`), so this is tested with a fake and knows nothing of the DOM.
 */
import type { Blueprint } from '@triggerflow/blueprint';
import type { ValidationCatalogEntry } from './editor-issues';
import type { ValidationRequest, ValidationResponse } from './validation-protocol';
import type { ElementIssues } from './validation';

export interface ValidationWorkerLike {
  postMessage(message: ValidationRequest): void;
  addEventListener(type: 'message', listener: (event: { data: ValidationResponse }) => void): void;
  /** A worker that fails to load or throws: every waiting and later request is refused. */
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export interface ValidationClient {
  /** Sets the catalog later blueprints are checked against (sent only when it changes). */
  setCatalog(entries: readonly ValidationCatalogEntry[]): void;
  validate(blueprint: Blueprint): Promise<ElementIssues>;
}

export function createValidationClient(worker: ValidationWorkerLike): ValidationClient {
  let next = 0;
  let catalog: readonly ValidationCatalogEntry[] | undefined;
  const waiting = new Map<number, { resolve(i: ElementIssues): void; reject(e: Error): void }>();
  let broken: Error | undefined;
  worker.addEventListener('error', (event) => {
    broken = new Error(`the validation worker failed: ${event.message ?? 'no message'}`);
    for (const request of waiting.values()) request.reject(broken);
    waiting.clear();
  });
  worker.addEventListener('message', ({ data }) => {
    const request = waiting.get(data.id);
    if (!request) return;
    waiting.delete(data.id);
    if (data.ok) request.resolve(data.issues);
    else request.reject(new Error(data.error));
  });
  return {
    setCatalog(entries) {
      if (entries === catalog) return;
      catalog = entries;
      // Only what validation reads crosses the boundary (entries carry docs and summaries too).
      worker.postMessage({
        type: 'catalog',
        entries: entries.map(({ kind, nodeKind, label, offline }) => ({
          kind,
          nodeKind,
          ...(label !== undefined && { label }),
          ...(offline !== undefined && { offline }),
        })),
      });
    },
    validate(blueprint) {
      if (broken) return Promise.reject(broken);
      if (catalog === undefined) return Promise.reject(new Error('no catalog set'));
      const id = (next += 1);
      return new Promise<ElementIssues>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: 'validate', id, blueprint });
      });
    },
  };
}
