/**
 * The validation web worker: `new Worker(new URL('./validation.worker.ts', import.meta.url),
 * { type: 'module' })`, driven by `createValidationClient` (validation-client.ts). All logic is in
 * `createValidationHandler`, which is tested without a worker.
 */
import { createValidationHandler } from './validation-handler';
import type { ValidationRequest, ValidationResponse } from './validation-protocol';

/** The part of a dedicated worker's global scope used here (the app compiles with DOM types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ValidationRequest>) => void) | null;
  postMessage(message: ValidationResponse): void;
}

const scope = self as unknown as WorkerScope;
const handle = createValidationHandler();
scope.onmessage = (event) => {
  const response = handle(event.data);
  if (response !== null) scope.postMessage(response);
};
