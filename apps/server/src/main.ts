import { runServer } from './entry';

// `pnpm start`: reads the environment, serves the API, stops cleanly on SIGINT / SIGTERM.
await runServer();
