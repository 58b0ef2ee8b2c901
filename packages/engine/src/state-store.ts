import { deletePath, getPath, setPath } from './paths';
import type { Signal, TriggerType } from './signal';

export type Bag = Record<string, unknown>;

/** How a store tells its execution about writes: activity, and listeners of the written key. */
export interface DataHost {
  touch(): void;
  notify(type: TriggerType, key: string, value: unknown, origin: Signal | undefined): Promise<void>;
}

/** Dot-path reads and writes over a plain object, announcing each write to `type:<key>` listeners. */
export class KeyValueStore {
  constructor(
    protected readonly data: Bag,
    private readonly type: TriggerType,
    private readonly host: DataHost,
  ) {}

  get<T>(key: string | undefined, defaultValue: T | undefined): T {
    if (key === undefined) return { ...this.data } as T;
    const { found, value } = getPath(this.data, key);
    return (found ? value : defaultValue) as T;
  }

  /** Replaces the value (or just the dot-path sub-key). */
  set(key: string, value: unknown, emit: boolean, origin?: Signal): Promise<void> {
    setPath(this.data, key, value);
    return this.written(key, value, emit, origin);
  }

  append(key: string, value: unknown, emit: boolean, origin?: Signal): Promise<void> {
    const { found, value: existing } = getPath(this.data, key);
    const next = !found
      ? [value]
      : Array.isArray(existing)
        ? [...(existing as unknown[]), value]
        : [existing, value];
    setPath(this.data, key, next);
    return this.written(key, next, emit, origin);
  }

  /** Deleting a missing key is a no-op. */
  delete(key: string, emit: boolean, origin?: Signal): Promise<void> {
    if (!getPath(this.data, key).found) return Promise.resolve();
    deletePath(this.data, key);
    return this.written(key, null, emit, origin);
  }

  /** The live object, for snapshots (callers copy it). */
  raw(): Bag {
    return this.data;
  }

  private written(key: string, value: unknown, emit: boolean, origin?: Signal): Promise<void> {
    this.host.touch();
    return emit ? this.host.notify(this.type, key, value, origin) : Promise.resolve();
  }
}

/** Execution-local, serialisable state: what `close()` returns. */
export class StateStore extends KeyValueStore {
  constructor(host: DataHost, initial: Bag = {}) {
    super(initial, 'runtimeData', host);
  }

  replaceAll(next: Bag): void {
    for (const key of Object.keys(this.data)) delete this.data[key];
    Object.assign(this.data, next);
  }
}
