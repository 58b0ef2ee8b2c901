import type { PausePrompt, RunEvent } from '@triggerflow/blueprint';
import { z } from 'zod';
import type { Principal } from '../auth/auth-service';
import type { ApprovalChange } from '../runs/run-bus';

/**
 * The Socket.IO protocol of `/socket.io`: what clients send (validated here with zod), what they
 * get back in acks, and what the server pushes. Clients type their socket with
 * `Socket<ServerToClientEvents, ClientToServerEvents>`.
 */

const runId = z.string().min(1).max(200);

export const runSubscribeSchema = z.strictObject({
  runId,
  /** Replay the stored events with a greater seq (0: all of them), then go live. */
  afterSeq: z.number().int().min(0).default(0),
});
export type RunSubscribeRequest = z.input<typeof runSubscribeSchema>;

export const runUnsubscribeSchema = z.strictObject({ runId });
export type RunUnsubscribeRequest = z.input<typeof runUnsubscribeSchema>;

/** `{}`, or no payload at all. */
export const approvalsSubscribeSchema = z.strictObject({}).optional();
export type ApprovalsSubscribeRequest = z.input<typeof approvalsSubscribeSchema>;

/** tRPC's names for the same situations, so clients handle both APIs alike. */
export type GatewayErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'CLIENT_CLOSED_REQUEST'
  | 'INTERNAL_SERVER_ERROR';

/** One problem with a payload: where (`[]` is the payload itself) and what. */
export interface GatewayIssue {
  path: (string | number)[];
  message: string;
}

export interface AckError {
  code: GatewayErrorCode;
  message: string;
  issues?: GatewayIssue[];
}

/** Every ack: `{ ok: true, ...result }` or `{ ok: false, error }`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };

export type RunSubscribeAck = Ack<{ runId: string; lastSeq: number }>;
export type RunUnsubscribeAck = Ack;
export type ApprovalsSubscribeAck = Ack<{ count: number }>;

export interface ClientToServerEvents {
  'run:subscribe': (payload: RunSubscribeRequest, ack: (response: RunSubscribeAck) => void) => void;
  'run:unsubscribe': (
    payload: RunUnsubscribeRequest,
    ack: (response: RunUnsubscribeAck) => void,
  ) => void;
  'approvals:subscribe': (
    payload: ApprovalsSubscribeRequest,
    ack: (response: ApprovalsSubscribeAck) => void,
  ) => void;
}

export interface ServerToClientEvents {
  /**
   * Run events, verbatim, batched per tick (one message may hold several runs' events): each
   * run's in seq order, with no gap and no duplicate per subscription.
   */
  'run:events': (events: RunEvent[]) => void;
  /** The prompts the user may decide, once per `approvals:subscribe`. */
  'approvals:snapshot': (prompts: PausePrompt[]) => void;
  /**
   * Later changes: `opened`/`voted` of prompts the user may decide, and every `closed` (the client
   * drops those it does not know). May repeat what the snapshot already holds: apply as upserts.
   */
  'approvals:changed': (change: ApprovalChange) => void;
}

/** Set by the auth middleware on every connected socket. */
export interface SocketData {
  principal: Principal;
}
