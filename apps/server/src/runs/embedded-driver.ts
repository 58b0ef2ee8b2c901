import type { LiveRuns } from './live-runs';
import type { RunDriver } from './run-driver';

/** Embedded mode: every run is executed by the engine in this process. */
export function createEmbeddedDriver(live: LiveRuns): RunDriver {
  const { storage, approvals, logger } = live;
  return {
    async launch({ started, flow, reused, begin }) {
      const record = await storage.runs.create({
        flowId: started.flowId,
        version: started.version,
        input: started.input,
        startedBy: started.startedBy,
        status: 'running',
        // It begins executing here at once: a crash from now on counts (see beginExecution).
        inFlight: 1,
      });
      const run = live.add(record, flow, { counted: true });
      run.journal.push('run.started', started);
      for (const step of reused) run.journal.push('node.completed', { ...step, reused: true });
      void run.drive(() => begin(run.execution));
      return record;
    },

    async cancelUnloaded(record, user, reason) {
      await approvals.cancelAll(record.id);
      await live.commitEvents(
        record.id,
        [{ type: 'run.cancelled', payload: { reason, actor: user.id } }],
        { status: 'cancelled', finishedAt: Date.now() },
      );
      return storage.runs.get(record.id);
    },

    async restoreOne(record) {
      await live.restore(record);
    },

    async restored(count) {
      await approvals.armTimers();
      if (count > 0) logger.info({ runs: count }, 'restored open runs');
    },
  };
}
