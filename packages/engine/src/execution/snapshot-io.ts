import {
  EXECUTION_SNAPSHOT_KIND,
  EXECUTION_SNAPSHOT_VERSION,
  type ExecutionSnapshot,
} from '@triggerflow/blueprint';
import { EngineError } from '../errors';
import { inspectSnapshot, type LoadInspection, type LoadOptions } from '../persistence';
import { signalRecord } from '../signal';
import type { PendingWork } from '../work';
import type { ExecutionInternals } from './internals';

/** See `TriggerFlowExecution.save`. */
export function saveSnapshot(
  internals: ExecutionInternals,
  options: { requireIdle?: boolean },
): ExecutionSnapshot {
  const { execution, host } = internals;
  if (options.requireIdle && internals.inflight() > 0) {
    throw new EngineError(
      'INVALID_OPTION',
      `Execution ${execution.id} is busy (${internals.inflight()} tasks running); save({ requireIdle: true }) needs it idle.`,
    );
  }
  const snapshot: ExecutionSnapshot = {
    kind: EXECUTION_SNAPSHOT_KIND,
    schemaVersion: EXECUTION_SNAPSHOT_VERSION,
    createdAt: host.clock.now(),
    executionId: execution.id,
    flowName: host.name,
    fingerprint: host.fingerprint(),
    status: execution.status,
    lifecycleState: execution.lifecycleState,
    state: execution.state.raw(),
    flowData: host.flowData,
    interrupts: internals.interrupts.all(),
    resumeLedger: internals.interrupts.ledger,
    bookkeeping: execution.bookkeeping,
    pending: execution.work.list().map(pendingRecord),
    signalSeq: internals.signalSeq(),
    subFlowFrames: [...internals.frames.values()].map((f) => ({
      id: f.id,
      operatorId: f.operatorId,
      signal: signalRecord(f.signal),
      status: f.status,
      child: (f.child?.save() ?? f.childSnapshot ?? {}) as Record<string, unknown>,
    })),
    resourceKeys: execution.resources.keys(),
    autoClose: execution.autoClose,
    autoCloseTimeoutMs: execution.autoCloseTimeoutMs,
    started: execution.started,
    closeSnapshot: internals.closeSnapshot() ?? null,
    closeReason: internals.closeReason() ?? null,
  };
  // A deep, JSON-only copy: what is saved is exactly what a reload will see.
  return JSON.parse(JSON.stringify(snapshot)) as ExecutionSnapshot;
}

/** See `TriggerFlowExecution.inspectLoad`. */
export function inspectLoad(
  internals: ExecutionInternals,
  saved: unknown,
  options: LoadOptions,
): LoadInspection {
  const available = new Set([
    ...internals.execution.resources.keys(),
    ...Object.keys(options.runtimeResources ?? {}),
  ]);
  return inspectSnapshot(saved, {
    fingerprint: internals.host.fingerprint(),
    hasOperator: (id) => hasOperator(internals, id),
    availableResources: [...available],
    validateResources: options.validateResources ?? false,
  });
}

/** See `TriggerFlowExecution.load`. */
export function loadSnapshot(
  internals: ExecutionInternals,
  saved: unknown,
  options: LoadOptions,
): void {
  const { execution, host } = internals;
  if (execution.started || execution.lifecycleState !== 'open' || internals.signalSeq() > 0) {
    throw new EngineError(
      'LOAD_NOT_ALLOWED',
      `Can not load TriggerFlow execution snapshot: execution ${execution.id} has already run; load into a fresh createExecution().`,
    );
  }
  const inspection = inspectLoad(internals, saved, options);
  const failure = inspection.diagnostics.find((d) => d.severity === 'error');
  if (failure || !inspection.snapshot) {
    const code =
      failure?.code === 'FINGERPRINT_MISMATCH' ||
      failure?.code === 'UNSUPPORTED_SNAPSHOT_VERSION' ||
      failure?.code === 'MISSING_RESOURCES'
        ? failure.code
        : 'INVALID_SNAPSHOT';
    throw new EngineError(
      code,
      failure?.message ?? 'Can not load TriggerFlow execution snapshot.',
      {
        diagnostics: inspection.diagnostics,
      },
    );
  }
  for (const warning of inspection.diagnostics) host.warn(warning.code, warning.message);
  const snapshot = inspection.snapshot;
  for (const [key, value] of Object.entries(options.runtimeResources ?? {}))
    execution.resources.set(key, value);
  execution.state.replaceAll(snapshot.state);
  const shared = host.flowData;
  for (const key of Object.keys(shared)) delete shared[key];
  Object.assign(shared, snapshot.flowData);
  internals.interrupts.restore(snapshot.interrupts, snapshot.resumeLedger);
  const { bookkeeping } = execution;
  bookkeeping.when = snapshot.bookkeeping.when;
  bookkeeping.collect = snapshot.bookkeeping.collect;
  bookkeeping.fanIn = snapshot.bookkeeping.fanIn;
  for (const frame of snapshot.subFlowFrames) {
    const { id, operatorId, signal, status, child } = frame;
    internals.frames.set(id, { id, operatorId, signal, status, childSnapshot: child });
  }
  const closed = snapshot.lifecycleState === 'closed';
  internals.restoreRun({
    id: snapshot.executionId,
    signalSeq: snapshot.signalSeq,
    status: snapshot.status,
    lifecycle: snapshot.lifecycleState,
    started: snapshot.started,
    closeSnapshot: closed ? (snapshot.closeSnapshot ?? { ...snapshot.state }) : undefined,
    closeReason: snapshot.closeReason ?? undefined,
    pendingWork: snapshot.pending,
  });
}

/** See `TriggerFlowExecution.resume`. */
export async function resumeWork(internals: ExecutionInternals): Promise<void> {
  const { execution } = internals;
  const work = internals.takeRestoredWork();
  if (work.length === 0) return;
  if (execution.status === 'created') internals.setStatus('running');
  const token = internals.rootToken();
  await Promise.all(
    work.map((item) => {
      if (item.kind === 'dispatch') return execution.dispatch(item.signal, token);
      const operator = execution.operatorById(item.operatorId);
      if (item.kind === 'run') return internals.track(operator.run(item.signal, execution, token));
      if (!operator.resume) {
        throw new EngineError(
          'INVALID_SNAPSHOT',
          `Operator '${item.operatorId}' cannot resume a fan-out.`,
        );
      }
      return internals.track(operator.resume(item, execution, token));
    }),
  );
}

function hasOperator(internals: ExecutionInternals, id: string): boolean {
  for (const operators of internals.table.values())
    if (operators.some((o) => o.id === id)) return true;
  return false;
}

function pendingRecord(work: PendingWork): ExecutionSnapshot['pending'][number] {
  return { ...work, signal: signalRecord(work.signal) };
}
