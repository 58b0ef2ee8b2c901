/// <reference types="vite/client" />
/**
 * Test support (not a test): every blueprint fixture (`packages/blueprint/fixtures/v*`) and node
 * sample (`packages/nodes/samples`), exactly as stored, loaded by Vite's glob import so that a new
 * file is picked up without editing the tests.
 */
import { blueprintSchema, type Blueprint } from '@triggerflow/blueprint';

const files: Record<string, unknown> = {
  ...import.meta.glob('../../../../../packages/blueprint/fixtures/v*/*.json', {
    eager: true,
    import: 'default',
  }),
  ...import.meta.glob('../../../../../packages/nodes/samples/*.json', {
    eager: true,
    import: 'default',
  }),
};

export interface BlueprintFile {
  readonly name: string;
  readonly blueprint: Blueprint;
}

/** Sorted by path; each checked against the blueprint schema but kept verbatim (no zod output). */
export const blueprintFiles: readonly BlueprintFile[] = Object.entries(files)
  .map(([path, json]) => {
    blueprintSchema.parse(json);
    return { name: path.replace(/^.*packages\//, ''), blueprint: json as Blueprint };
  })
  .sort((a, b) => (a.name < b.name ? -1 : 1));

/** A fresh copy of one file, named by its last path segments: `v1/for-each.json`. */
export function blueprintFile(name: string): Blueprint {
  const file = blueprintFiles.find((f) => f.name.endsWith(`/${name}`));
  if (!file) throw new Error(`no blueprint file named ${name}`);
  return structuredClone(file.blueprint);
}
