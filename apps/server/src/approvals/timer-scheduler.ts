import type { TimerRecord } from '../storage';

/** setTimeout's limit: longer delays are re-armed in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Arms the durable timers of this process: every stored timer is armed at boot and each new one
 * when it is scheduled; `fire` decides (in storage) whether it still applies.
 */
export class TimerScheduler {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly fire: (timer: TimerRecord) => Promise<void>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  arm(timer: TimerRecord): void {
    if (this.stopped || timer.firedAt !== null) return;
    this.disarm(timer.id);
    const delay = Math.max(0, timer.fireAt - this.now());
    const handle = setTimeout(
      () => {
        this.handles.delete(timer.id);
        if (timer.fireAt > this.now()) return this.arm(timer);
        void this.fire(timer);
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    handle.unref();
    this.handles.set(timer.id, handle);
  }

  disarm(id: string): void {
    const handle = this.handles.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(id);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
