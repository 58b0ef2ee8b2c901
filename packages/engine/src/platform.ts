/**
 * The only doors to the host. Time, timers, ids and warnings are injected so the engine runs the same
 * in Node, in a browser and under a simulated clock in tests.
 */
export type TimerHandle = { readonly cancel: () => void };

export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export interface TriggerFlowWarning {
  readonly code: string;
  readonly message: string;
}

export type WarningSink = (warning: TriggerFlowWarning) => void;

type HostGlobals = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  console?: { warn(...args: unknown[]): void };
};
const host = globalThis as unknown as HostGlobals;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = host.setTimeout(fn, ms);
    return { cancel: () => host.clearTimeout(handle) };
  },
};

export const consoleWarningSink: WarningSink = (warning) =>
  host.console?.warn(`[triggerflow] ${warning.code}: ${warning.message}`);

/** Random 32-hex id (uuid4 without dashes), like the reference's `uuid4().hex`. */
export function randomId(): string {
  let out = '';
  for (let i = 0; i < 4; i += 1) {
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return out;
}

/**
 * A clock whose time only moves when a test says so (xstate's SimulatedClock).
 * `advance(ms)` fires every timer due by then, in due order, letting promises settle in between.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), seq: (this.seq += 1), fn };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Let every already-queued promise reaction run (several rounds, for chained awaits). */
export async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
