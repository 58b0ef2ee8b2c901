import type { RunEvent } from '@triggerflow/blueprint';
import type { FanOutCounts, NodeState, RunStatus, Scope } from './run-view';

/** How the run view words things: statuses, durations, progress, one line per event. */

export const RUN_STATUS_TEXT: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const NODE_STATE_TEXT: Record<NodeState, string> = {
  idle: 'Not run',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  waiting: 'Waiting',
  skipped: 'Skipped',
};

/** Why a run was quarantined (a server error with code `QUARANTINED`), in a sentence. */
export interface Quarantine {
  /** `The server stopped 2 times while this run was running node "Prepare".` */
  reason: string;
  /** The node it was running (marked on the canvas), when known. */
  nodeId: string | null;
}

/** The quarantine a run's error tells of; null for any other error (or none). */
export function quarantineOf(error: unknown): Quarantine | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, message, nodeId } = error as {
    code?: unknown;
    message?: unknown;
    nodeId?: unknown;
  };
  if (code !== 'QUARANTINED' || typeof message !== 'string') return null;
  // `node "Prepare" (prepare)`: people read the label; the id in brackets is for logs.
  const text = message
    .replace(/^quarantined:\s*/i, '')
    .replace(/(node[s]? |, )("[^"]*") \([^()]*\)/g, '$1$2')
    .trim();
  const sentence = text === '' ? 'It took its process down too often' : text;
  return {
    reason: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${/[.!?]$/.test(sentence) ? '' : '.'}`,
    nodeId: typeof nodeId === 'string' ? nodeId : null,
  };
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatElapsed(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1000) return `${value} ms`;
  if (value < 60_000) return `${(Math.floor(value / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(value / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${pad(Math.floor((seconds % 3600) / 60))} min`;
}

/** A fan-out's counts as the canvas shows them: `3/2/0 of 50 · cap 2` (done/running/failed). */
export function progressText(
  counts: Pick<FanOutCounts, 'done' | 'running' | 'failed' | 'total' | 'cap'>,
): string {
  const cap = counts.cap === null ? 'no cap' : `cap ${counts.cap}`;
  return `${counts.done}/${counts.running}/${counts.failed} of ${counts.total} · ${cap}`;
}

/** The same counts in words, for a tooltip or a screen reader. */
export function progressWords(counts: FanOutCounts): string {
  const cap = counts.cap === null ? 'all at once' : `at most ${counts.cap} at a time`;
  return `${counts.done} done, ${counts.running} running, ${counts.failed} failed of ${counts.total}, ${cap}`;
}

/** `[2]`, `[0, "words"]`; nothing outside a fan-out. */
export const scopeText = (scope: Scope): string =>
  scope.length === 0 ? '' : `[${scope.map((k) => JSON.stringify(k)).join(', ')}]`;

/** Compact JSON, cut at `max` characters with an ellipsis. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'undefined';
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface EventWords {
  /** A node id → its label. */
  labelOf: (nodeId: string) => string;
  /** A user id → how to name them. */
  nameOf: (userId: string) => string;
}

const at = (label: string, scope: Scope) =>
  scope.length === 0 ? label : `${label} ${scopeText(scope)}`;

/** One readable line per RunEvent. */
export function describeEvent(event: RunEvent, words: EventWords): string {
  const { labelOf, nameOf } = words;
  switch (event.type) {
    case 'run.started': {
      const { version, startedBy, rerunOf, input } = event.payload;
      const from =
        rerunOf === null ? '' : ` (re-run of ${rerunOf.runId} from ${labelOf(rerunOf.nodeId)})`;
      return `Run started by ${nameOf(startedBy)} on version ${version}${from} with input ${preview(input, 80)}`;
    }
    case 'node.started':
      return `${at(labelOf(event.payload.nodeId), event.payload.scope)} started`;
    case 'node.completed': {
      const { nodeId, scope, output, reused } = event.payload;
      const how = reused === true ? 'reused from the earlier run' : 'done';
      return `${at(labelOf(nodeId), scope)} ${how}: ${preview(output, 80)}`;
    }
    case 'node.failed': {
      const { nodeId, scope, error } = event.payload;
      return `${at(labelOf(nodeId), scope)} failed: ${error.message}`;
    }
    case 'node.progress':
      return `${at(labelOf(event.payload.nodeId), event.payload.scope)} progress ${progressText(event.payload)}`;
    case 'stream.item':
      return `Stream: ${preview(event.payload.item, 100)}`;
    case 'run.paused': {
      const { prompt } = event.payload;
      const kind = prompt.type === 'approval' ? 'approval' : prompt.type;
      return `Paused for ${kind}: ${prompt.title}`;
    }
    case 'approval.voted': {
      const { vote } = event.payload;
      return `${nameOf(vote.actor)} ${vote.outcome}`;
    }
    case 'run.resumed': {
      const { how, actor } = event.payload;
      if (how === 'answered')
        return `Resumed: answered by ${actor === null ? 'someone' : nameOf(actor)}`;
      return how === 'timedOut' ? 'Resumed: timed out' : 'Resumed: cancelled';
    }
    case 'run.completed':
      return 'Run completed';
    case 'run.failed':
      return `Run failed: ${event.payload.error.message}`;
    case 'run.cancelled': {
      const { reason, actor } = event.payload;
      return `Run cancelled${actor === null ? '' : ` by ${nameOf(actor)}`}: ${reason}`;
    }
  }
}
