/**
 * Runs a dry run in a worker of its own, so a flow that loops can never freeze the tab: the
 * stubs stop it after its step budget (dry-run.ts), and a run that still goes on after
 * `maxMs` (a loop with no step in it) is stopped by terminating the worker.
 */
import type { Blueprint } from '@triggerflow/blueprint';
import type { DryRunResult, DryRunSetup } from './dry-run';

export const DRY_RUN_MAX_MS = 10_000;

const stopped = (error: string): DryRunResult => ({
  ok: false,
  error,
  steps: [],
  nodes: {},
  fanOuts: {},
  final: null,
  notes: [],
});

export function dryRunInWorker(
  blueprint: Blueprint,
  setup: DryRunSetup,
  maxMs = DRY_RUN_MAX_MS,
): Promise<DryRunResult> {
  return new Promise((settle) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./dry-run.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      settle(stopped(`the dry run could not start: ${String(error)}`));
      return;
    }
    const timer = window.setTimeout(() => {
      worker.terminate();
      settle(stopped(`the dry run ran longer than ${maxMs / 1000} s and was stopped`));
    }, maxMs);
    worker.addEventListener('message', (event: MessageEvent<DryRunResult>) => {
      window.clearTimeout(timer);
      worker.terminate();
      settle(event.data);
    });
    worker.addEventListener('error', (event) => {
      window.clearTimeout(timer);
      worker.terminate();
      settle(stopped(`the dry run failed: ${event.message}`));
    });
    worker.postMessage({ blueprint, setup });
  });
}
