/**
 * The orchestration playbook's skeleton, almost line for line: prepare → classify → match on the
 * category → handle → finalize, with the agent injected as a runtime resource.
 */
import { TriggerFlow, type TriggerFlowRuntimeData } from '@triggerflow/engine';

/** What the flow needs from a model: classify a request into a category. */
export interface Classifier {
  classify(text: string): Promise<{ category: 'A' | 'B' | 'C' }>;
}

/** A deterministic keyword classifier, so the example runs offline. */
export const keywordClassifier: Classifier = {
  classify: (text) =>
    Promise.resolve({
      category: /invoice|refund/i.test(text) ? 'A' : /bug|error/i.test(text) ? 'B' : 'C',
    }),
};

export function buildFlow(): TriggerFlow {
  const flow = new TriggerFlow({ name: 'orchestration' });

  async function prepare(data: TriggerFlowRuntimeData) {
    // validate / normalize input
    const input = String(data.input).trim();
    await data.setState('input', input);
    return input;
  }

  async function classify(data: TriggerFlowRuntimeData) {
    const agent = data.requireResource<Classifier>('agent');
    const { category } = await agent.classify(data.input as string);
    data.putIntoStream({ step: 'classify', category });
    return category;
  }

  async function handleDefault(data: TriggerFlowRuntimeData) {
    const answer = `handled as ${String(data.input)}`;
    await data.setState('answer', answer);
    data.putIntoStream({ step: 'handle', answer });
    return answer;
  }

  flow
    .to(prepare)
    .to(classify)
    .match()
    .case('A')
    .to(handleDefault, { name: 'handleA' })
    .case('B')
    .to(handleDefault, { name: 'handleB' })
    .caseElse()
    .to(handleDefault, { name: 'handleOther' })
    .endMatch();

  return flow;
}

export async function run(inputValue: string, agent: Classifier) {
  const flow = buildFlow();
  const execution = flow.createExecution({
    autoClose: false,
    runtimeResources: { agent },
  });
  const items: unknown[] = [];
  const reading = (async () => {
    for await (const item of execution.getRuntimeStream({ timeoutMs: null })) items.push(item);
  })();
  await execution.start(inputValue);
  const snapshot = await execution.close();
  await reading;
  return { snapshot, items };
}
