/**
 * The engine README's pause/resume and blueprint round trip, runnable (and tested in
 * test/example.test.ts).
 */
import { TriggerFlow, validateBlueprint, type TriggerFlowRuntimeData } from '@triggerflow/engine';

async function ask(data: TriggerFlowRuntimeData) {
  return data.pauseFor({ type: 'approval', payload: { summary: data.input } });
}
async function publish(data: TriggerFlowRuntimeData) {
  await data.setState('decision', data.input);
}

export const build = () => {
  const flow = new TriggerFlow({ name: 'review' });
  flow.to(ask).to(publish);
  return flow;
};

/** Pause, save to JSON, load in a fresh flow object, answer, close. */
export async function reviewAcrossRestart(question: string, answer: string) {
  const execution = build().createExecution({ autoClose: false });
  await execution.start(question);
  const [pending] = Object.values(execution.getPendingInterrupts());
  if (!pending) throw new Error('expected a pause');
  const saved = JSON.stringify(execution.save());

  const restored = build().createExecution({ autoClose: false }).load(saved);
  await restored.continueWith(pending.id, answer, { resumeRequestId: 'req-1', actor: 'ann' });
  return { pending, snapshot: await restored.close() };
}

/** Blueprint out and back in: same fingerprint, no validation problems. */
export function blueprintRoundTrip() {
  const blueprint = build().toBlueprint();
  const registry = { chunks: { ask, publish } };
  const again = TriggerFlow.fromBlueprint(blueprint, registry);
  return {
    blueprint,
    sameFingerprint: again.fingerprint() === build().fingerprint(),
    issues: validateBlueprint(blueprint, registry),
  };
}
