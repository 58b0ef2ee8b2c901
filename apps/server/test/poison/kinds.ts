import { defineKind } from '@triggerflow/nodes';
import { z } from 'zod';

/**
 * Test-only node kinds that take their process down for real, each time they run: for the
 * poison-run tests (poison.test.ts), registered by this folder's server and worker entries only.
 */

const info = {
  icon: 'skull',
  category: 'data' as const,
  input: 'anything',
  output: 'never returns',
  docs: 'Test only.',
  form: [],
  configSchema: z.object({}),
};

/** `process.abort()`: the process dies at once (SIGABRT), as on a native crash. */
export const crashKind = defineKind({
  ...info,
  kind: 'crash',
  label: 'Crash',
  summary: 'Aborts the process',
  run() {
    process.abort();
  },
});

/** Blocks the event loop for good (nothing else runs in the process, no CPU is burnt). */
export const hangKind = defineKind({
  ...info,
  kind: 'hang',
  label: 'Hang',
  summary: 'Blocks the event loop forever',
  run() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});

export const poisonKinds = [crashKind, hangKind];
