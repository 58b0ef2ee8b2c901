/**
 * An immutable, append-only list with O(1) amortised appends: every `append` returns a new log,
 * and logs share one backing array as long as only the newest log is appended to. Appending to
 * an older log (a branch) copies its items first, so no log ever sees another's items.
 */
export class AppendLog<T> implements Iterable<T> {
  private constructor(
    private readonly items: T[],
    readonly length: number,
  ) {}

  static empty<T>(): AppendLog<T> {
    return new AppendLog<T>([], 0);
  }

  static of<T>(items: readonly T[]): AppendLog<T> {
    return new AppendLog<T>(items.slice(), items.length);
  }

  append(more: readonly T[]): AppendLog<T> {
    if (more.length === 0) return this;
    const items = this.items.length === this.length ? this.items : this.items.slice(0, this.length);
    // One push per item: spreading a large batch into `push` would overflow the call stack.
    for (const item of more) items.push(item);
    return new AppendLog(items, items.length);
  }

  at(index: number): T | undefined {
    return index >= 0 && index < this.length ? this.items[index] : undefined;
  }

  last(): T | undefined {
    return this.at(this.length - 1);
  }

  toArray(): T[] {
    return this.items.slice(0, this.length);
  }

  map<U>(fn: (item: T, index: number) => U): U[] {
    const out: U[] = new Array<U>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = fn(this.items[i] as T, i);
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.items[i] as T;
  }
}
