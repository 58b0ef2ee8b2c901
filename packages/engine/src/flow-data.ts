import type { Signal } from './signal';
import type { Bag, DataHost } from './state-store';
import { KeyValueStore } from './state-store';

export interface FlowDataWrite {
  readonly emit: boolean;
  readonly noWarning: boolean;
}

/**
 * One execution's view of its flow's shared data. Every access warns (flow data is shared by all
 * executions of the flow) unless `noWarning`; writes reach `flowData:<key>` listeners in every live
 * execution of the flow.
 */
export class FlowDataAccess {
  private readonly store: KeyValueStore;

  constructor(
    shared: Bag,
    host: DataHost,
    private readonly warn: () => void,
  ) {
    this.store = new KeyValueStore(shared, 'flowData', host);
  }

  get<T>(key: string | undefined, defaultValue: T | undefined, noWarning: boolean): T {
    if (!noWarning) this.warn();
    return this.store.get(key, defaultValue);
  }

  set(key: string, value: unknown, options: FlowDataWrite, origin?: Signal): Promise<void> {
    if (!options.noWarning) this.warn();
    return this.store.set(key, value, options.emit, origin);
  }

  append(key: string, value: unknown, options: FlowDataWrite, origin?: Signal): Promise<void> {
    if (!options.noWarning) this.warn();
    return this.store.append(key, value, options.emit, origin);
  }

  delete(key: string, options: FlowDataWrite, origin?: Signal): Promise<void> {
    if (!options.noWarning) this.warn();
    return this.store.delete(key, options.emit, origin);
  }
}
