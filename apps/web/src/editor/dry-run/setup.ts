import { errorText, type DryRunSetup } from './dry-run';

/** Parses the JSON fields; an empty stub field means "pass the input through". */
export function parseSetup(
  input: string,
  stubs: Readonly<Record<string, string>>,
  choices: Readonly<Record<string, string>>,
): DryRunSetup {
  const parse = (label: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${label} is not valid JSON: ${errorText(error)}`, { cause: error });
    }
  };
  const parsedStubs: Record<string, unknown> = {};
  for (const [id, text] of Object.entries(stubs)) {
    if (text.trim() !== '') parsedStubs[id] = parse(`Stub output of ${id}`, text);
  }
  const caseChoices = Object.fromEntries(Object.entries(choices).filter(([, c]) => c !== ''));
  return {
    input: input.trim() === '' ? undefined : parse('Input', input),
    stubs: parsedStubs,
    caseChoices,
  };
}
