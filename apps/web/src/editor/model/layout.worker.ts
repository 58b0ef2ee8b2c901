/**
 * The auto-layout web worker: `new Worker(new URL('./layout.worker.ts', import.meta.url),
 * { type: 'module' })`, driven by `createLayoutClient` (layout-client.ts). All logic is in
 * `handleLayoutRequest`, which is tested without a worker.
 */
import { handleLayoutRequest, type LayoutRequest, type LayoutResponse } from './layout';

/** The part of a dedicated worker's global scope used here (the app compiles with DOM types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  void handleLayoutRequest(event.data).then((response) => scope.postMessage(response));
};
