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
  | 'EXECUTION_NOT_OPEN';

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
