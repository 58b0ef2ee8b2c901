import type { Dialect, Storage } from '../../src';
import type { steppingClock } from '../fixtures';

/** What a suite gets from the harness in storage.test.ts, the same on every dialect. */
export interface SuiteContext {
  dialect: Dialect;
  /** The clock every storage of the suite reads. */
  clock: ReturnType<typeof steppingClock>;
  /** The storage the suite's tests share (each creates its own rows). */
  storage(): Storage;
  /** A storage on its own empty database, for tests that look at every row of a table. */
  fresh(): Promise<Storage>;
  /** The URL of another empty database of the suite's dialect. */
  newUrl(): Promise<string>;
  /** Closes `storage` when the suite ends. */
  track(storage: Storage): Storage;
}
