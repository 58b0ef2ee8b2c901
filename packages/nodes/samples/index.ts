import { blueprintSchema, type Blueprint } from '@triggerflow/blueprint';
import documentReview from './document-review.json' with { type: 'json' };
import fanOutFanIn from './fan-out-fan-in.json' with { type: 'json' };
import orchestrationPlaybook from './orchestration-playbook.json' with { type: 'json' };

/** A starter template: a blueprint that runs offline with the built-in kinds and the rules provider. */
export interface Sample {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly blueprint: Blueprint;
}

/** The JSON files are checked against the blueprint schema when this module loads. */
const sample = (id: string, title: string, json: unknown): Sample => {
  const blueprint = blueprintSchema.parse(json);
  return { id, title, description: blueprint.description ?? '', blueprint };
};

/** The starter templates the server offers, in the order it lists them. */
export const samples: readonly Sample[] = [
  sample('orchestration-playbook', 'Orchestration playbook', orchestrationPlaybook),
  sample('document-review', 'Document review', documentReview),
  sample('fan-out-fan-in', 'Fan-out / fan-in', fanOutFanIn),
];
