import type { RunEventPayload } from '@triggerflow/blueprint';
import type { TriggerFlow, TriggerFlowExecution } from '@triggerflow/engine';
import type { RunRecord, UserRecord } from '../storage';

/** A run about to begin, checked and planned by the run service. */
export interface Launch {
  started: RunEventPayload<'run.started'>;
  flow: TriggerFlow;
  /** A re-run's steps taken from the earlier run (`node.completed` with `reused`). */
  reused: readonly RunEventPayload<'node.completed'>[];
  /** How the execution begins (at START with the input, or at the re-run's node). */
  begin: (execution: TriggerFlowExecution<false>) => Promise<unknown>;
}

/**
 * What differs between the modes, behind one interface: the embedded driver runs everything in
 * this process; the queue driver (API processes in queue mode) hands run work to workers.
 */
export interface RunDriver {
  /** Creates the run's row and gets it going; returns the row as created. */
  launch(launch: Launch): Promise<RunRecord>;
  /** Cancels an open run that is not loaded in this process; returns its row as it is now. */
  cancelUnloaded(record: RunRecord, user: UserRecord, reason: string): Promise<RunRecord>;
  /** Brings one open run back after a start (see restorer.ts). */
  restoreOne(record: RunRecord): Promise<void>;
  /** Every open run is back: approval timers are armed again. */
  restored(count: number): Promise<void>;
}
