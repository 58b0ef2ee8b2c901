export { openStorage, type Repositories, type Storage, type StorageOptions } from './open-storage';
export {
  DEFAULT_DATABASE_URL,
  openDatabase,
  type Dialect,
  type OpenDatabaseOptions,
  type OpenedDatabase,
} from './database';
export { migrateToLatest, migrations } from './migrations';
export { StorageError, type StorageErrorCode } from './errors';
export type { Page, PageOptions } from './paging';
export type { Database } from './schema';
export { ROLES, type NewUser, type Role, type UserRecord } from './users-repository';
export type { NewToken, TokenKind, TokenRecord } from './tokens-repository';
export type {
  BlueprintRevision,
  FlowListOptions,
  FlowRecord,
  FlowUpdate,
  FlowVersionRecord,
  FlowVersionSummary,
  NewFlow,
} from './flows-repository';
export {
  OPEN_RUN_STATUSES,
  RUN_STATUSES,
  type NewRun,
  type RunListOptions,
  type RunRecord,
  type RunStatus,
  type RunUpdate,
} from './runs-repository';
export type { CheckpointRecord, NewRunEvent, RunEventRecord, RunRowUpdate } from './run-log';
export type {
  ApprovalRecord,
  ApprovalStatus,
  DecisionOutcome,
  DecisionRecord,
  NewApproval,
  NewDecision,
} from './approvals-repository';
export type { NewTimer, TimerRecord } from './timers-repository';
