/** The preview worker: evaluates expressions off the main thread (a runaway one is terminated). */
import { evaluatePreview } from './evaluate-preview';
import type { PreviewRequest, PreviewResponse } from './preview-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<PreviewRequest>) => void) | null;
  postMessage(message: PreviewResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  void evaluatePreview(event.data).then((response) => scope.postMessage(response));
};
