import { EngineError, type EngineErrorCode } from '@triggerflow/engine';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ApiError } from '../errors';
import { StorageError, type StorageErrorCode } from '../storage';

type Code = TRPCError['code'];

/** One problem with the input, where it is: a zod issue, a blueprint issue or an API refusal. */
export interface ApiIssue {
  path: (string | number)[];
  message: string;
  code?: string;
  severity?: 'error' | 'warning';
  nodeId?: string;
  edgeId?: string;
}

const STORAGE_CODES: Record<StorageErrorCode, Code> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID: 'BAD_REQUEST',
  REFERENCE: 'BAD_REQUEST',
};

/** Who must act on an engine error: the caller (4xx) or whoever runs the server (500). */
function engineCode(code: EngineErrorCode): Code {
  switch (code) {
    case 'INVALID_BLUEPRINT':
    case 'HANDLER_NOT_REGISTERED':
    case 'CONDITION_NOT_REGISTERED':
    case 'INVALID_FLOW_STRUCTURE':
    case 'DUPLICATE_CHUNK_USE':
    case 'CHUNK_NAME_CONFLICT':
    case 'INVALID_TRIGGER':
    case 'INVALID_OPTION':
    case 'INVALID_SUB_FLOW_BINDING':
    case 'SUB_FLOW_PATH_NOT_FOUND':
      return 'BAD_REQUEST';
    case 'CHUNK_NOT_FOUND':
    case 'INTERRUPT_NOT_FOUND':
    case 'SUB_FLOW_NOT_FOUND':
      return 'NOT_FOUND';
    case 'EXECUTION_NOT_OPEN':
    case 'INTERRUPT_NOT_WAITING':
    case 'RESUME_REQUEST_CONFLICT':
    case 'PENDING_INTERRUPTS':
    case 'SELF_RESUME_LIMIT':
      return 'CONFLICT';
    case 'RESOURCE_MISSING':
    case 'CLOSE_TIMEOUT':
    case 'INVALID_SNAPSHOT':
    case 'UNSUPPORTED_SNAPSHOT_VERSION':
    case 'FINGERPRINT_MISMATCH':
    case 'MISSING_RESOURCES':
    case 'LOAD_NOT_ALLOWED':
    case 'NON_SERIALIZABLE_HANDLER':
    case 'PAUSE_REQUIRES_HANDLE':
    case 'SUB_FLOW_FAILED':
      return 'INTERNAL_SERVER_ERROR';
  }
}

const pathText = (path: readonly PropertyKey[]) =>
  path.length === 0 ? 'input' : path.map(String).join('.');

/** The issues an error carries, for `data.issues`; `undefined` when it names no place. */
export function issuesOf(error: unknown): ApiIssue[] | undefined {
  if (error instanceof z.ZodError) {
    return error.issues.map((issue) => ({
      path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      message: issue.message,
      // A custom issue may carry a code of its own (FORBIDDEN_KEY, NON_FINITE_NUMBER).
      code:
        issue.code === 'custom' && typeof issue.params?.['code'] === 'string'
          ? issue.params['code']
          : issue.code,
    }));
  }
  if (error instanceof EngineError && Array.isArray(error.details['issues'])) {
    return error.details['issues'] as ApiIssue[];
  }
  if (error instanceof ApiError && error.problems !== undefined && error.problems.length > 0) {
    return error.problems.map(({ path, message, code }) => ({
      path,
      message,
      code: code ?? error.code,
    }));
  }
  if (error instanceof ApiError && error.path.length > 0) {
    return [{ path: error.path, message: error.message, code: error.code }];
  }
  return undefined;
}

export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * The one place where thrown things become API errors: storage, engine, API and zod errors get
 * their 4xx code and a message naming the field; anything else is an internal error whose message
 * is hidden (the cause stays attached, for the log).
 */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError && error.cause !== undefined ? error.cause : error;
  if (cause !== error && cause instanceof TRPCError) return toTRPCError(cause);
  if (cause instanceof z.ZodError) {
    const message = cause.issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ');
    return new TRPCError({ code: 'BAD_REQUEST', message, cause });
  }
  if (cause instanceof StorageError) {
    return new TRPCError({ code: STORAGE_CODES[cause.code], message: cause.message, cause });
  }
  if (cause instanceof ApiError) {
    return new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (cause instanceof EngineError) {
    const code = engineCode(cause.code);
    const message = code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : cause.message;
    return new TRPCError({ code, message, cause });
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error;
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, cause });
}
