import { TRPCClientError } from '@trpc/client';
import type { ApiIssue } from '@triggerflow/server';
import type { AppRouter } from './trpc';

export type ApiClientError = TRPCClientError<AppRouter>;

/** One problem to show, with where it is (`blueprint.nodes.2.kind`), if it names a place. */
export interface ShownIssue {
  field: string | null;
  message: string;
}

export interface ShownError {
  message: string;
  /** The tRPC code (`BAD_REQUEST`, `UNAUTHORIZED`, …), or null for a network or client failure. */
  code: string | null;
  issues: ShownIssue[];
}

const isApiError = (error: unknown): error is ApiClientError => error instanceof TRPCClientError;

/** `['blueprint', 'nodes', 2, 'kind']` → `blueprint.nodes.2.kind`; `[]` → null. */
export const fieldOf = (path: readonly (string | number)[]): string | null =>
  path.length === 0 ? null : path.map(String).join('.');

export const toShownIssue = (issue: Pick<ApiIssue, 'path' | 'message'>): ShownIssue => ({
  field: fieldOf(issue.path),
  message: issue.message,
});

/** The session is gone or was refused: the caller must sign in again. */
export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.data?.code === 'UNAUTHORIZED';
}

/** A refusal the user must act on (4xx): retrying the same request will not help. */
export function isClientError(error: unknown): boolean {
  const status = isApiError(error) ? error.data?.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

/** What to show for any error a call threw: the server's message and its issues by field. */
export function describeError(error: unknown): ShownError {
  if (isApiError(error)) {
    const issues = error.data?.issues?.map(toShownIssue) ?? [];
    const code = error.data?.code ?? null;
    const message = code === null ? `Could not reach the server: ${error.message}` : error.message;
    return { message, code, issues };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: null, issues: [] };
}
