export type StorageErrorCode =
  /** The entity does not exist (or was deleted). */
  | 'NOT_FOUND'
  /** A unique key is taken, a stale version was expected, or the entity is in the wrong state. */
  | 'CONFLICT'
  /** A row refers to another that does not exist (a foreign key). */
  | 'REFERENCE'
  /** The caller passed something storage cannot hold: a bad URL, a bad cursor, unstorable JSON. */
  | 'INVALID';

/** Every failure the repositories report on purpose; anything else is a bug or the environment. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function notFound(entity: string, id: string): StorageError {
  return new StorageError('NOT_FOUND', `${entity} "${id}" not found`);
}

type ConstraintKind = 'unique' | 'foreignKey';

/** Recognises constraint violations from PostgreSQL (SQLSTATE) and better-sqlite3 (extended codes). */
export function constraintKind(error: unknown): ConstraintKind | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return undefined;
  }
  switch (error.code) {
    case '23505':
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'unique';
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreignKey';
    default:
      return undefined;
  }
}

/**
 * Runs a write and turns constraint violations into `StorageError`s with the caller's wording:
 * `onUnique` / `onReference` name the entity and the id the violation is about.
 */
export async function mapConstraints<T>(
  write: () => Promise<T>,
  messages: { unique?: () => string; reference?: () => string },
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const kind = constraintKind(error);
    if (kind === 'unique' && messages.unique) {
      throw new StorageError('CONFLICT', messages.unique(), { cause: error });
    }
    if (kind === 'foreignKey' && messages.reference) {
      throw new StorageError('REFERENCE', messages.reference(), { cause: error });
    }
    throw error;
  }
}
