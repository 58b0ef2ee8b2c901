import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Column names are snake_case; repositories map rows to camelCase
 * records. Times are epoch milliseconds (`bigint` on both dialects, read back as numbers). JSON
 * columns are `JsonText`: `text` on SQLite, `jsonb` on PostgreSQL, read back as text on both and
 * parsed by `fromJson` (see json.ts), so repositories handle plain objects on either dialect.
 */

/** Serialised JSON, as written by `toJson` and read by `fromJson`. */
export type JsonText = string;

export interface UsersTable {
  id: string;
  name: string;
  roles: JsonText;
  created_at: number;
}

export interface TokensTable {
  id: string;
  user_id: string;
  kind: 'signin' | 'session' | 'api';
  hash: string;
  label: string | null;
  created_at: number;
  expires_at: number | null;
  used_at: number | null;
  revoked_at: number | null;
}

export interface FlowsTable {
  id: string;
  name: string;
  description: string;
  latest_version: number;
  created_by: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface FlowVersionsTable {
  flow_id: string;
  version: number;
  blueprint: JsonText;
  fingerprint: string;
  note: string | null;
  created_by: string;
  created_at: number;
}

export interface RunsTable {
  id: string;
  flow_id: string;
  version: number;
  status: 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
  input: JsonText;
  started_by: string;
  error: JsonText | null;
  last_seq: number;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  /** Processes that began executing the run since it was last at rest (poison-run detection). */
  in_flight: Generated<number>;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  type: string;
  at: number;
  payload: JsonText;
}

export interface CheckpointsTable {
  run_id: string;
  seq: number;
  snapshot: JsonText;
  at: number;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  interrupt_id: string;
  node_id: string | null;
  prompt: JsonText;
  status: 'pending' | 'decided' | 'timedOut' | 'cancelled';
  deadline_at: number | null;
  created_at: number;
  decided_at: number | null;
}

export interface DecisionsTable {
  id: string;
  approval_id: string;
  actor: string;
  outcome: 'approved' | 'rejected';
  response: JsonText;
  idempotency_key: string;
  at: number;
}

export interface TimersTable {
  id: string;
  run_id: string;
  interrupt_id: string;
  fire_at: number;
  fired_at: number | null;
}

export interface RunLeasesTable {
  run_id: string;
  owner: string;
  expires_at: number;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  checkpoints: CheckpointsTable;
  approvals: ApprovalsTable;
  decisions: DecisionsTable;
  timers: TimersTable;
  run_leases: RunLeasesTable;
}
