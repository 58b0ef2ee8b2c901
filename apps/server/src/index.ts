// The server: its storage layer, the tRPC API and the HTTP server that hosts it.
export * from './storage';
export { ConfigError, loadConfig, type Config, type LogLevel } from './config';
export { ApiError, type ApiErrorCode } from './errors';
export { createServer, type CreateServerOptions, type RunningServer } from './http-server';
export { createLogger, type Logger } from './logger';
export { ROLE_INCLUDES, hasRole } from './auth/roles';
export type { AppRouter } from './routers/app-router';
export type { ApiIssue } from './trpc/errors';
export type { ClientToServerEvents, ServerToClientEvents } from './socket/protocol';
export type { ApprovalChange } from './runs/run-bus';
export { startWorker, type RunningWorker } from './queue/run-worker';
