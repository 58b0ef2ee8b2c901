import type { PausePrompt } from '@triggerflow/blueprint';
import { mayDecide } from '../approvals/policy';
import type { ApprovalChange, RunBus } from '../runs/run-bus';
import type { UserRecord } from '../storage';

/** `closed` goes to everyone: it is cheap, and clients drop prompts they do not hold. */
function visibleTo(user: UserRecord, change: ApprovalChange): boolean {
  switch (change.type) {
    case 'opened':
    case 'voted':
      return mayDecide(user, change.prompt).ok;
    case 'closed':
      return true;
  }
}

export interface ApprovalFeedOptions {
  user: UserRecord;
  bus: RunBus;
  approvals: { pendingFor(user: UserRecord): Promise<PausePrompt[]> };
  sendSnapshot: (prompts: PausePrompt[]) => void;
  sendChange: (change: ApprovalChange) => void;
}

/**
 * One user's approval inbox: a snapshot of the prompts they may decide, then the changes. It
 * listens before loading the snapshot and holds back changes until the snapshot is sent, so
 * nothing in between is lost (a change may repeat what the snapshot shows: clients upsert).
 */
export class ApprovalFeed {
  /** Resolves with the snapshot's size once it is sent (rejects if loading it fails). */
  readonly ready: Promise<number>;
  private held: ApprovalChange[] | undefined = [];
  private closed = false;
  private readonly stopListening: () => void;

  constructor(private readonly options: ApprovalFeedOptions) {
    const { user, bus } = options;
    this.stopListening = bus.onApprovalChange((change) => {
      if (this.closed || !visibleTo(user, change)) return;
      if (this.held) this.held.push(change);
      else options.sendChange(change);
    });
    this.ready = this.start();
  }

  close(): void {
    this.closed = true;
    this.held = undefined;
    this.stopListening();
  }

  private async start(): Promise<number> {
    const prompts = await this.options.approvals.pendingFor(this.options.user);
    if (this.closed) return prompts.length;
    this.options.sendSnapshot(prompts);
    const held = this.held ?? [];
    this.held = undefined;
    for (const change of held) this.options.sendChange(change);
    return prompts.length;
  }
}
