/** The input of the last run started from this browser, per flow (a convenience, never required). */
const key = (flowId: string) => `triggerflow.run-input.${flowId}`;

export function lastInput(flowId: string): unknown {
  try {
    const raw = window.localStorage.getItem(key(flowId));
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

export function rememberInput(flowId: string, input: unknown): void {
  try {
    window.localStorage.setItem(key(flowId), JSON.stringify(input));
  } catch {
    // Storage full or blocked: the next dialog starts from `{}`.
  }
}
