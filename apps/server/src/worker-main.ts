import { runWorker } from './entry';

// `pnpm worker`: a queue worker (REDIS_URL and a PostgreSQL DATABASE_URL, like the API processes).
await runWorker();
