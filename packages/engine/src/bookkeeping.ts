/**
 * Join, fan-out and branch progress of one execution, as plain JSON so it can be saved and restored.
 */
export interface WhenBucket {
  /** `{ [triggerType]: { [event]: value } }` — the shape a fired `and` gate emits. */
  values: Record<string, Record<string, unknown>>;
  filled: string[];
}

/** An open fan-in: a forEach, batch or hitAll match waiting for its branches. */
export interface FanInProgress {
  remaining: number;
  /** Slot keys in output order; `null` means the indices `0 … total-1` (forEach). */
  keys: (string | number)[] | null;
  total: number;
  results: Record<string, unknown>;
}

export interface Bookkeeping {
  /** gate operator id → join scope → bucket */
  when: Record<string, Record<string, WhenBucket>>;
  /** collection name → join scope → { branchId: value } */
  collect: Record<string, Record<string, Record<string, unknown>>>;
  /** `<group id>@<instance>` → progress */
  fanIn: Record<string, FanInProgress>;
}

export const emptyBookkeeping = (): Bookkeeping => ({ when: {}, collect: {}, fanIn: {} });

export const fanInKey = (group: string, instance: string): string => `${group}@${instance}`;
