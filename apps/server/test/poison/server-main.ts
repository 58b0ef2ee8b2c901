import { runServer } from '../../src/entry';
import { poisonKinds } from './kinds';

// The server with the test-only poison kinds (poison.test.ts).
await runServer({ kinds: poisonKinds });
