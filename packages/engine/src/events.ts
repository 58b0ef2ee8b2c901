/** The event names operators talk through, derived from operator ids (so they are deterministic). */
export const forEachItemEvent = (group: string): string => `ForEach[${group}]-item`;
export const forEachDoneEvent = (group: string): string => `ForEach[${group}]-done`;
export const batchBranchEvent = (group: string, index: number): string =>
  `Batch[${group}]-${index}`;
export const batchDoneEvent = (group: string): string => `Batch[${group}]-done`;
export const matchCaseEvent = (group: string, index: number): string =>
  `Match[${group}]-case-${index}`;
export const matchDoneEvent = (group: string): string => `Match[${group}]-done`;
export const whenEvent = (gate: string): string => `When-${gate}`;
/** The timeout branch of a pause step named `name`. */
export const pauseTimeoutEvent = (name: string): string => `PauseTimeout[${name}]`;
export const collectEvent = (name: string): string => `Collect-${name}`;
