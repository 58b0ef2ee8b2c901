import {
  EXECUTION_SNAPSHOT_KIND,
  EXECUTION_SNAPSHOT_VERSION,
  executionSnapshotSchema,
  type ExecutionSnapshot,
  type LoadDiagnostic,
} from '@triggerflow/blueprint';

export interface LoadOptions {
  /** Live objects to mount (never saved; the snapshot only records their keys). */
  readonly runtimeResources?: Record<string, unknown>;
  /** Fail the load when a resource the snapshot had is missing (default: a warning). */
  readonly validateResources?: boolean;
}

export type LoadStatus =
  'ready' | 'invalid_snapshot' | 'fingerprint_mismatch' | 'missing_resources';

export interface LoadInspection {
  readonly ready: boolean;
  readonly status: LoadStatus;
  readonly diagnostics: LoadDiagnostic[];
  readonly missingResourceKeys: string[];
  readonly currentFingerprint: string;
  readonly snapshot: ExecutionSnapshot | undefined;
}

const PREFIX = 'Can not load TriggerFlow execution snapshot';

/**
 * Checks a saved execution (object or JSON string) against a flow definition without loading it:
 * kind, schema version, shape, fingerprint, the operators it refers to, and the resources it needs.
 */
export function inspectSnapshot(
  input: unknown,
  context: {
    fingerprint: string;
    hasOperator: (id: string) => boolean;
    availableResources: readonly string[];
    validateResources: boolean;
  },
): LoadInspection {
  const result = (
    status: LoadStatus,
    diagnostics: LoadDiagnostic[],
    snapshot?: ExecutionSnapshot,
    missing: string[] = [],
  ): LoadInspection => ({
    ready: status === 'ready',
    status,
    diagnostics,
    missingResourceKeys: missing,
    currentFingerprint: context.fingerprint,
    snapshot,
  });
  const invalid = (code: string, message: string) =>
    result('invalid_snapshot', [{ code, severity: 'error', message: `${PREFIX}: ${message}` }]);

  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch (error) {
      return invalid('INVALID_SNAPSHOT', `not valid JSON (${(error as Error).message}).`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('INVALID_SNAPSHOT', 'expected an object.');
  }
  const record = raw as Record<string, unknown>;
  if (record.kind !== EXECUTION_SNAPSHOT_KIND) {
    return invalid(
      'INVALID_SNAPSHOT',
      `unexpected execution snapshot kind '${String(record.kind)}' (expected '${EXECUTION_SNAPSHOT_KIND}').`,
    );
  }
  if (record.schemaVersion !== EXECUTION_SNAPSHOT_VERSION) {
    return invalid(
      'UNSUPPORTED_SNAPSHOT_VERSION',
      `unsupported schema_version '${String(record.schemaVersion)}' (supported: ${EXECUTION_SNAPSHOT_VERSION}).`,
    );
  }
  if (typeof record.fingerprint !== 'string' || record.fingerprint === '') {
    return invalid('INVALID_SNAPSHOT', 'the snapshot has no flow definition fingerprint.');
  }
  const parsed = executionSnapshotSchema.safeParse(record);
  if (!parsed.success) {
    return result(
      'invalid_snapshot',
      parsed.error.issues.map((issue) => ({
        code: 'INVALID_SNAPSHOT',
        severity: 'error' as const,
        message: `${PREFIX}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      })),
    );
  }
  const snapshot = parsed.data;
  if (snapshot.fingerprint !== context.fingerprint) {
    return result(
      'fingerprint_mismatch',
      [
        {
          code: 'FINGERPRINT_MISMATCH',
          severity: 'error',
          message: `${PREFIX}: flow definition fingerprint mismatch (snapshot ${snapshot.fingerprint}, flow ${context.fingerprint}).`,
        },
      ],
      snapshot,
    );
  }
  const unknown = referencedOperators(snapshot).filter((id) => !context.hasOperator(id));
  if (unknown.length > 0) {
    return invalid(
      'INVALID_SNAPSHOT',
      `join state refers to operators this flow does not have: ${unknown.join(', ')}.`,
    );
  }
  const missing = snapshot.resourceKeys.filter((k) => !context.availableResources.includes(k));
  if (missing.length === 0) return result('ready', [], snapshot);
  const severity = context.validateResources ? ('error' as const) : ('warning' as const);
  const diagnostic: LoadDiagnostic = {
    code: 'MISSING_RESOURCES',
    severity,
    message: `Execution ${snapshot.executionId} had runtime resources that are not mounted: [${missing
      .map((k) => `'${k}'`)
      .join(', ')}]. Pass them with load(saved, { runtimeResources }).`,
  };
  return result(
    context.validateResources ? 'missing_resources' : 'ready',
    [diagnostic],
    snapshot,
    missing,
  );
}

function referencedOperators(snapshot: ExecutionSnapshot): string[] {
  const ids = new Set<string>(Object.keys(snapshot.bookkeeping.when));
  for (const key of Object.keys(snapshot.bookkeeping.fanIn)) ids.add(key.split('@')[0] ?? key);
  for (const work of snapshot.pending) if (work.kind !== 'dispatch') ids.add(work.operatorId);
  for (const interrupt of snapshot.interrupts) ids.add(interrupt.sourceOperatorId);
  for (const frame of snapshot.subFlowFrames) ids.add(frame.operatorId);
  return [...ids];
}
