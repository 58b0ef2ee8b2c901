import { ConfigError, loadConfig } from './config';
import { createServer } from './http-server';
import { createLogger } from './logger';

// `pnpm start`: reads the environment, serves the API, stops cleanly on SIGINT / SIGTERM.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const server = await createServer({ config, logger });
console.log(`TriggerFlow Studio is listening on ${server.url}`);
if (server.signIn) console.log(`\nSign in: ${server.signIn.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
