/** The dry-run worker: runs the flow on stubs off the main thread (dry-run-client.ts). */
import type { Blueprint } from '@triggerflow/blueprint';
import { compactResult } from './compact';
import { dryRun, type DryRunResult, type DryRunSetup } from './dry-run';

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ blueprint: Blueprint; setup: DryRunSetup }>) => void) | null;
  postMessage(message: DryRunResult): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  void dryRun(event.data.blueprint, event.data.setup).then((result) =>
    scope.postMessage(compactResult(result)),
  );
};
