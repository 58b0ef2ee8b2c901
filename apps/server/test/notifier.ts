/** Wakes waiters when something arrives; `until` resolves once its condition holds (or times out). */
export class Notifier {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly defaultMs: number) {}

  notify(): void {
    for (const check of [...this.waiters]) check();
  }

  until(condition: () => boolean, what: string, ms = this.defaultMs): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }
}
