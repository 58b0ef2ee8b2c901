import { pausePromptSchema, type InterruptRecord, type PausePrompt } from '@triggerflow/blueprint';
import { approvalPromptSchema } from '@triggerflow/nodes';
import { nodeOfEvent } from '../runs/run-error';

export interface PromptSource {
  runId: string;
  /** Who started the run (barred from approving unless the prompt allows self-approval). */
  startedBy: string;
  interrupt: InterruptRecord;
  /** Used when the record carries no creation time. */
  now: number;
}

type Asked = Pick<
  PausePrompt,
  | 'title'
  | 'description'
  | 'payload'
  | 'form'
  | 'approvers'
  | 'quorum'
  | 'allowSelfApproval'
  | 'timeout'
  | 'nodeId'
>;

/** The paused step's node: the chunk's name in its continuation event `Chunk[<name>]-<id>`. */
function recordNodeId(interrupt: InterruptRecord): string | null {
  return nodeOfEvent(interrupt.continuationEvent);
}

/** A pause that is not an approval node: anyone with the approver role answers with free JSON. */
function genericPause(interrupt: InterruptRecord): Asked {
  const nodeId = recordNodeId(interrupt);
  const { timeout } = interrupt;
  return {
    title: nodeId === null ? 'Paused' : `Paused at ${nodeId}`,
    description: null,
    payload: interrupt.payload ?? null,
    form: null,
    approvers: { roles: ['approver'], users: [] },
    quorum: 1,
    allowSelfApproval: true,
    timeout: timeout ? { afterMs: timeout.afterMs, action: timeout.action } : null,
    nodeId,
  };
}

function asked(interrupt: InterruptRecord): Asked {
  if (interrupt.type !== 'approval') return genericPause(interrupt);
  const parsed = approvalPromptSchema.safeParse(interrupt.payload);
  if (!parsed.success) return genericPause(interrupt);
  const prompt = parsed.data;
  return {
    title: prompt.title,
    description: prompt.description,
    payload: prompt.payload ?? null,
    form: prompt.form,
    approvers: { roles: [...prompt.approvers.roles], users: [...prompt.approvers.users] },
    quorum: prompt.quorum,
    allowSelfApproval: prompt.allowSelfApproval,
    timeout: prompt.timeout,
    // The payload names the approval node itself (inside a sub-flow too); the record is a fallback.
    nodeId: prompt.nodeId ?? recordNodeId(interrupt),
  };
}

/**
 * The prompt people see for a waiting interrupt: an approval node's own prompt, or a generic
 * pause (a blueprint `pause` node, `data.pauseFor` in code) that approvers answer with free JSON.
 */
export function promptFromInterrupt(source: PromptSource): PausePrompt {
  const { runId, startedBy, interrupt, now } = source;
  const ask = asked(interrupt);
  // Records restored from older snapshots may lack a creation time.
  const createdAt = Number.isFinite(interrupt.createdAt) ? interrupt.createdAt : now;
  return pausePromptSchema.parse({
    runId,
    interruptId: interrupt.id,
    type: interrupt.type,
    ...ask,
    deadlineAt: ask.timeout ? createdAt + ask.timeout.afterMs : null,
    startedBy,
    createdAt,
  });
}
