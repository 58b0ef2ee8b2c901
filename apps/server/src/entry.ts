import type { ExtraKinds } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createServer } from './http-server';
import { createLogger, type Logger } from './logger';
import { startWorker } from './queue/run-worker';

/**
 * The processes `pnpm start` and `pnpm worker` run (main.ts, worker-main.ts): read the
 * environment, start, print where to go, stop cleanly on SIGINT / SIGTERM. `kinds` adds node kinds
 * to the built-ins (an application's entry; the tests' poison kinds).
 */

function configOrExit(check?: (config: Config) => void): Config {
  try {
    const config = loadConfig();
    check?.(config);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function stopOnSignals(logger: Logger, what: string, stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, `${what} shutting down`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, `${what} shutdown failed`);
          process.exit(1);
        },
      );
    });
  }
}

/** `pnpm start`: serves the API until a signal. */
export async function runServer(options: { kinds?: ExtraKinds } = {}): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  const server = await createServer({ config, logger, ...options });
  console.log(`TriggerFlow Studio is listening on ${server.url}`);
  if (server.signIn) console.log(`\nSign in: ${server.signIn.url}\n`);
  stopOnSignals(logger, 'server', () => server.close());
}

/** `pnpm worker`: a queue worker (REDIS_URL and a PostgreSQL DATABASE_URL, like the API). */
export async function runWorker(options: { kinds?: ExtraKinds } = {}): Promise<void> {
  const config = configOrExit((value) => {
    if (value.redisUrl === undefined) {
      throw new ConfigError(
        ['REDIS_URL'],
        'Invalid environment: a worker needs REDIS_URL (queue mode)',
      );
    }
  });
  const logger = createLogger(config.logLevel);
  const worker = await startWorker(config, logger, options);
  stopOnSignals(logger, 'worker', () => worker.close());
}
