import type { Clock, TimerHandle } from './platform';

export interface AutoCloseTarget {
  /** Open, not waiting for a human, nothing in flight. */
  isIdle(): boolean;
  lastActivityAt(): number;
  close(): void;
}

/**
 * Closes an execution once it has been idle for `timeoutMs`. Event-driven rather than polling: a
 * timer is armed when the execution goes idle and re-checked when it fires. A timeout of 0 closes
 * on the next microtask after going idle.
 */
export class AutoCloser {
  private armed = false;
  private timer: TimerHandle | undefined;
  private checkQueued = false;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly target: AutoCloseTarget,
  ) {}

  arm(): void {
    this.armed = true;
    this.schedule();
  }

  disarm(): void {
    this.armed = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Call whenever the execution may have become idle. */
  schedule(): void {
    if (!this.armed || this.timer || this.checkQueued || !this.target.isIdle()) return;
    const wait = this.target.lastActivityAt() + this.timeoutMs - this.clock.now();
    if (wait <= 0) {
      this.checkQueued = true;
      void Promise.resolve().then(() => {
        this.checkQueued = false;
        this.check();
      });
      return;
    }
    this.timer = this.clock.setTimer(wait, () => {
      this.timer = undefined;
      this.check();
    });
  }

  private check(): void {
    if (!this.armed || !this.target.isIdle()) return;
    if (this.clock.now() - this.target.lastActivityAt() >= this.timeoutMs) {
      this.disarm();
      this.target.close();
    } else this.schedule();
  }
}
