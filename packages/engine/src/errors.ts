/** Every error the engine raises on purpose carries a stable `code`. */
export type EngineErrorCode =
  | 'CHUNK_NOT_FOUND'
  | 'CHUNK_NAME_CONFLICT'
  | 'DUPLICATE_CHUNK_USE'
  | 'INVALID_FLOW_STRUCTURE'
  | 'INVALID_TRIGGER'
  | 'INVALID_OPTION'
  | 'RESOURCE_MISSING'
  | 'CLOSE_TIMEOUT'
  | 'EXECUTION_NOT_OPEN'
  | 'INTERRUPT_NOT_FOUND'
  | 'INTERRUPT_NOT_WAITING'
  | 'RESUME_REQUEST_CONFLICT'
  | 'PAUSE_REQUIRES_HANDLE'
  | 'SELF_RESUME_LIMIT'
  | 'PENDING_INTERRUPTS'
  | 'INVALID_SNAPSHOT'
  | 'UNSUPPORTED_SNAPSHOT_VERSION'
  | 'FINGERPRINT_MISMATCH'
  | 'MISSING_RESOURCES'
  | 'LOAD_NOT_ALLOWED'
  | 'HANDLER_NOT_REGISTERED'
  | 'CONDITION_NOT_REGISTERED'
  | 'INVALID_BLUEPRINT'
  | 'NON_SERIALIZABLE_HANDLER'
  | 'SUB_FLOW_PATH_NOT_FOUND'
  | 'INVALID_SUB_FLOW_BINDING'
  | 'SUB_FLOW_NOT_FOUND'
  | 'SUB_FLOW_FAILED';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: EngineErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * Thrown inside a branch whose fan-out sibling failed (or whose execution was force-closed).
 * It unwinds the branch quietly; the first real error is what callers see.
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly code = 'CANCELLED';
  constructor(message = 'TriggerFlow branch cancelled') {
    super(message);
  }
}

export const isCancelled = (error: unknown): error is CancelledError =>
  error instanceof CancelledError;
