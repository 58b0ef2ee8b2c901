import {
  pausePromptSchema,
  type InterruptRecord,
  type PausePrompt,
  type RunEvent,
  type Vote,
} from '@triggerflow/blueprint';
import { ApiError } from '../errors';
import type { Logger } from '../logger';
import type { ActiveRun, InterruptEnd } from '../runs/active-run';
import type { RunBus } from '../runs/run-bus';
import type { ApprovalRecord, DecisionRecord, Storage, TimerRecord, UserRecord } from '../storage';
import { StorageError } from '../storage';
import { mayDecide, mayVote, tally } from './policy';
import { completeResponse, outcomeOf, validateResponse } from './response';
import { TimerScheduler } from './timer-scheduler';

/** A pending prompt as an inbox shows it. */
export interface PendingApproval {
  approvalId: string;
  prompt: PausePrompt;
  votes: Vote[];
  /** Whether the caller may decide it (else it is shown read-only). */
  mayDecide: boolean;
}

export interface DecideInput {
  runId: string;
  interruptId: string;
  outcome?: 'approved' | 'rejected' | undefined;
  response: unknown;
  idempotencyKey: string;
  user: UserRecord;
}

export interface DecideResult {
  decision: DecisionRecord;
  /** False when this idempotency key had been used already (nothing was applied again). */
  created: boolean;
  /** The approval after this decision: still `pending` (quorum not met), or `decided`. */
  status: ApprovalRecord['status'];
}

/** Where the service finds live runs (the run service's active set). */
export interface ActiveRuns {
  get(runId: string): ActiveRun | undefined;
  /** Resolves once a run that is being restored is loaded (at once for any other run). */
  loaded(runId: string): Promise<void>;
}

const toVote = (d: DecisionRecord): Vote => ({
  actor: d.actor,
  outcome: d.outcome,
  response: d.response,
  at: d.at,
});

/**
 * Approvals: the rows behind pause prompts, decisions (exactly once per idempotency key, checked
 * against the prompt's rights, quorum and form), durable timeouts, and applying a settled prompt
 * to its run. Storage decides races: the first to close an approval applies it, nobody else.
 */
export function createApprovalService(deps: {
  storage: Storage;
  bus: RunBus;
  logger: Logger;
  runs: ActiveRuns;
  /**
   * Queue mode: where timers go (delayed jobs) instead of this process's scheduler, and what
   * happens when an approval of a run not loaded here closes (a job to continue it).
   */
  remote?: {
    armTimer(timer: TimerRecord): Promise<void>;
    closedWithoutRun(runId: string, approvalId: string): Promise<void>;
    cancelTimer(runId: string, interruptId: string): Promise<void>;
  };
}) {
  const { storage, bus, logger, runs, remote } = deps;
  const timers = new TimerScheduler((timer) => fireTimer(timer));
  /** The approval closed in time: its timer is dropped (and its delayed job in queue mode). */
  const cancelTimer = async (runId: string, interruptId: string) => {
    await storage.timers.cancel(runId, interruptId);
    await remote?.cancelTimer(runId, interruptId);
  };
  const armTimer = (timer: TimerRecord) =>
    remote ? remote.armTimer(timer) : Promise.resolve(timers.arm(timer));

  const promptOf = (approval: ApprovalRecord): PausePrompt =>
    pausePromptSchema.parse(approval.prompt);

  async function votesOf(approvalId: string): Promise<Vote[]> {
    return (await storage.approvals.decisions(approvalId)).map(toVote);
  }

  /**
   * Applies a closed approval to its live run if its interrupt still waits: a decision with the
   * tallied value, a timeout by expiring it. Idempotent (the engine's resume ledger and the
   * interrupt's status), so it runs again safely after a restore.
   */
  async function apply(active: ActiveRun, approval: ApprovalRecord): Promise<void> {
    const interrupt = active.execution.getInterrupt(approval.interruptId);
    if (interrupt?.status !== 'waiting' || active.ended) return;
    if (approval.status === 'timedOut') {
      active.expiring.add(approval.interruptId);
      void active.drive(() =>
        active.execution.expireInterrupt(approval.interruptId, { actor: 'timeout' }),
      );
      return;
    }
    if (approval.status !== 'decided') return;
    const prompt = promptOf(approval);
    const verdict = tally(prompt, await votesOf(approval.id));
    if (!verdict.settled) {
      logger.error({ approvalId: approval.id }, 'a decided approval has no settling votes');
      return;
    }
    const actor = (await votesOf(approval.id)).at(-1)?.actor;
    void active.drive(() =>
      active.execution.continueWith(approval.interruptId, verdict.value, {
        resumeRequestId: `approval:${approval.id}`,
        ...(actor !== undefined && { actor }),
      }),
    );
  }

  async function settle(
    runId: string,
    approval: ApprovalRecord,
  ): Promise<ApprovalRecord['status']> {
    const prompt = promptOf(approval);
    const verdict = tally(prompt, await votesOf(approval.id));
    if (!verdict.settled) return 'pending';
    // A run still being restored is loaded first: the decision is applied to it, not lost.
    await runs.loaded(runId);
    const active = runs.get(runId);
    const run = async () => {
      const won = await storage.approvals.close(approval.id, 'decided');
      if (!won) return;
      await cancelTimer(runId, approval.interruptId);
      bus.publishApprovalChange({
        type: 'closed',
        runId,
        interruptId: approval.interruptId,
        status: 'decided',
      });
      if (active) await apply(active, { ...approval, status: 'decided' });
      else await remote?.closedWithoutRun(runId, approval.id);
    };
    await (active ? active.serialize(run) : run());
    return (await storage.approvals.get(approval.id)).status;
  }

  async function fireTimer(timer: TimerRecord): Promise<void> {
    try {
      const approval = await storage.approvals.findByInterrupt(timer.runId, timer.interruptId);
      await runs.loaded(timer.runId);
      const active = runs.get(timer.runId);
      const run = async () => {
        // Closing the approval first: a decision racing the timer loses or wins here, once.
        const won = approval ? await storage.approvals.close(approval.id, 'timedOut') : true;
        await storage.timers.markFired(timer.id);
        if (!won || !approval) return;
        bus.publishApprovalChange({
          type: 'closed',
          runId: timer.runId,
          interruptId: timer.interruptId,
          status: 'timedOut',
        });
        if (active) await apply(active, { ...approval, status: 'timedOut' });
        else await remote?.closedWithoutRun(timer.runId, approval.id);
      };
      await (active ? active.serialize(run) : run());
    } catch (error) {
      logger.error({ err: error, timerId: timer.id }, 'timer failed');
    }
  }

  return {
    /** Arms every timer that has not fired (at boot). */
    async armTimers(): Promise<void> {
      for (const timer of await storage.timers.unfired()) await armTimer(timer);
    },

    /** Fires the timer of a run's interrupt now (queue mode: its delayed job came due). */
    async fireTimerOf(runId: string, interruptId: string): Promise<void> {
      const timer = await storage.timers.find(runId, interruptId);
      if (timer && timer.firedAt === null) await fireTimer(timer);
    },

    stop(): void {
      timers.stop();
    },

    /** A pause opened (its events are committed): the approval row, its timer, the inboxes. */
    async opened(active: ActiveRun, prompt: PausePrompt): Promise<void> {
      const existing = await storage.approvals.findByInterrupt(active.id, prompt.interruptId);
      if (existing) {
        if (existing.status !== 'pending') {
          logger.warn(
            { runId: active.id, interruptId: prompt.interruptId },
            'a pause re-opened an interrupt that was already answered; it keeps its first approval',
          );
        }
        return;
      }
      await storage.approvals.create({
        runId: active.id,
        interruptId: prompt.interruptId,
        nodeId: prompt.nodeId,
        prompt,
        deadlineAt: prompt.deadlineAt,
      });
      if (prompt.deadlineAt !== null) {
        const timer = await storage.timers.schedule({
          runId: active.id,
          interruptId: prompt.interruptId,
          fireAt: prompt.deadlineAt,
        });
        await armTimer(timer);
      }
      bus.publishApprovalChange({ type: 'opened', prompt });
    },

    /** An interrupt stopped waiting inside the engine (the run was cancelled, or it was answered). */
    async closed(active: ActiveRun, interrupt: InterruptRecord, how: InterruptEnd): Promise<void> {
      if (how !== 'cancelled') return;
      const approval = await storage.approvals.findByInterrupt(active.id, interrupt.id);
      if (!approval || !(await storage.approvals.close(approval.id, 'cancelled'))) return;
      await cancelTimer(active.id, interrupt.id);
      bus.publishApprovalChange({
        type: 'closed',
        runId: active.id,
        interruptId: interrupt.id,
        status: 'cancelled',
      });
    },

    /**
     * After a restore: every interrupt the checkpoint has waiting gets its approval row (a crash
     * may have come between the pause and the row), and approvals closed meanwhile are applied.
     */
    async reconcile(active: ActiveRun, prompts: readonly PausePrompt[]): Promise<void> {
      for (const prompt of prompts) {
        const approval = await storage.approvals.findByInterrupt(active.id, prompt.interruptId);
        if (!approval) await this.opened(active, prompt);
        else if (approval.status === 'pending') await settle(active.id, approval);
        else await apply(active, approval);
      }
    },

    /** Cancels the pending approvals of a run that is not live (cancelled while not loaded). */
    async cancelAll(runId: string): Promise<void> {
      for (const approval of await storage.approvals.pending({ runId })) {
        if (!(await storage.approvals.close(approval.id, 'cancelled'))) continue;
        await cancelTimer(runId, approval.interruptId);
        bus.publishApprovalChange({
          type: 'closed',
          runId,
          interruptId: approval.interruptId,
          status: 'cancelled',
        });
      }
    },

    /** Pending prompts the user may decide, oldest first; `all` adds those they may only see. */
    async pendingFor(user: UserRecord, options: { all?: boolean; runId?: string } = {}) {
      const rows = await storage.approvals.pending(
        options.runId === undefined ? {} : { runId: options.runId },
      );
      const result: PendingApproval[] = [];
      for (const approval of rows) {
        const prompt = promptOf(approval);
        const allowed = mayDecide(user, prompt).ok;
        if (!allowed && !options.all) continue;
        result.push({
          approvalId: approval.id,
          prompt,
          votes: await votesOf(approval.id),
          mayDecide: allowed,
        });
      }
      return result;
    },

    async decide(input: DecideInput): Promise<DecideResult> {
      const approval = await storage.approvals.findByInterrupt(input.runId, input.interruptId);
      if (!approval) {
        throw new StorageError(
          'NOT_FOUND',
          `run "${input.runId}" has no pause "${input.interruptId}" to decide`,
        );
      }
      const prompt = promptOf(approval);
      const response = completeResponse(prompt.form, input.outcome, input.response);
      const outcome = outcomeOf(input.outcome, response);
      const allowed = mayVote(input.user, prompt, outcome);
      if (!allowed.ok) throw new ApiError('FORBIDDEN', allowed.reason);
      validateResponse(prompt, response);
      // The vote and its `approval.voted` event commit together: a decision the API confirmed
      // is in the run's log even if the process dies right after.
      const { decision, created, records } = await storage.transaction(async (tx) => {
        const stored = await tx.approvals.decide({
          approvalId: approval.id,
          actor: input.user.id,
          outcome,
          response,
          idempotencyKey: input.idempotencyKey,
        });
        if (!stored.created) return { ...stored, records: [] };
        const vote = toVote(stored.decision);
        const committed = await tx.runs.commit(input.runId, {
          events: [{ type: 'approval.voted', payload: { interruptId: input.interruptId, vote } }],
        });
        return { ...stored, records: committed };
      });
      if (!created) {
        return { decision, created, status: (await storage.approvals.get(approval.id)).status };
      }
      bus.publishRunEvents(records as RunEvent[]);
      const status = await settle(input.runId, approval);
      if (status === 'pending') {
        bus.publishApprovalChange({
          type: 'voted',
          prompt,
          votes: (await votesOf(approval.id)).length,
        });
      }
      return { decision, created, status };
    },
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
