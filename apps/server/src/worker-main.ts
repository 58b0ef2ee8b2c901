import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startWorker } from './queue/run-worker';

// `pnpm worker`: a queue worker (REDIS_URL and a PostgreSQL DATABASE_URL, like the API processes).
let config;
try {
  config = loadConfig();
  if (config.redisUrl === undefined) {
    throw new ConfigError(
      ['REDIS_URL'],
      'Invalid environment: a worker needs REDIS_URL (queue mode)',
    );
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const worker = await startWorker(config, logger);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'worker shutting down');
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'worker shutdown failed');
        process.exit(1);
      },
    );
  });
}
