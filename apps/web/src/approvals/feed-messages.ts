import { pausePromptSchema, type PausePrompt } from '@triggerflow/blueprint';
import type { ApprovalChange } from '@triggerflow/server';

/**
 * The approvals feed's socket payloads, checked before they reach the feed: a server speaking
 * another protocol version shows up as a clear problem instead of a broken inbox.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const CLOSED_STATUSES = ['decided', 'timedOut', 'cancelled'] as const;

function promptOf(raw: unknown, where: string): Parsed<PausePrompt> {
  const parsed = pausePromptSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue === undefined ? '' : [where, ...issue.path.map(String)].join('.');
  return { ok: false, problem: `${path || where}: ${issue?.message ?? 'is not a prompt'}` };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** `approvals:snapshot`: the prompts the user may decide. */
export function parseSnapshot(raw: unknown): Parsed<PausePrompt[]> {
  if (!Array.isArray(raw)) return { ok: false, problem: 'approvals:snapshot: expected a list' };
  const prompts: PausePrompt[] = [];
  for (const [index, item] of raw.entries()) {
    const prompt = promptOf(item, `approvals:snapshot.${index}`);
    if (!prompt.ok) return prompt;
    prompts.push(prompt.value);
  }
  return { ok: true, value: prompts };
}

/** `approvals:changed`: one prompt opened, got a vote, or closed. */
export function parseChange(raw: unknown): Parsed<ApprovalChange> {
  const where = 'approvals:changed';
  if (!isRecord(raw)) return { ok: false, problem: `${where}: expected an object` };
  switch (raw.type) {
    case 'opened': {
      const prompt = promptOf(raw.prompt, `${where}.prompt`);
      return prompt.ok ? { ok: true, value: { type: 'opened', prompt: prompt.value } } : prompt;
    }
    case 'voted': {
      const prompt = promptOf(raw.prompt, `${where}.prompt`);
      if (!prompt.ok) return prompt;
      const { votes } = raw;
      if (typeof votes !== 'number' || !Number.isInteger(votes) || votes < 0) {
        return { ok: false, problem: `${where}.votes: expected a count of votes` };
      }
      return { ok: true, value: { type: 'voted', prompt: prompt.value, votes } };
    }
    case 'closed': {
      const { runId, interruptId, status } = raw;
      if (!nonEmpty(runId)) return { ok: false, problem: `${where}.runId: expected a run id` };
      if (!nonEmpty(interruptId)) {
        return { ok: false, problem: `${where}.interruptId: expected an interrupt id` };
      }
      const known = CLOSED_STATUSES.find((s) => s === status);
      if (known === undefined) {
        return {
          ok: false,
          problem: `${where}.status: expected ${CLOSED_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
        };
      }
      return { ok: true, value: { type: 'closed', runId, interruptId, status: known } };
    }
    default:
      return {
        ok: false,
        problem: `${where}.type: expected opened, voted or closed, got ${JSON.stringify(raw.type)}`,
      };
  }
}
