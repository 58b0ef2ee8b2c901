import { runWorker } from '../../src/entry';
import { poisonKinds } from './kinds';

// A queue worker with the test-only poison kinds (poison.test.ts).
await runWorker({ kinds: poisonKinds });
