import { pino, type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout (pipe through `pino-pretty` to read them by eye). */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { service: 'triggerflow-server' } });
}
