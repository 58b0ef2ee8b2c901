import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { formatBytes, type Limits } from './limits-config';

export type RefusalCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_REQUESTS';

const STATUS: Record<RefusalCode, number> = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

/** A request refused before tRPC reads it, answered in tRPC's error shape. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  /** Where (`[]`: the request itself) and a code of its own, for `data.issues`. */
  issue: { path: (string | number)[]; code: string };
}

/**
 * What can be refused from the head alone, before a byte of the body is read: a declared body
 * over `maxBodyBytes`, a batch of more than `maxBatchCalls` calls (`/trpc/a,b,c?batch=1`).
 */
export function checkTrpcRequest(
  req: Pick<IncomingMessage, 'headers' | 'url'>,
  limits: Pick<Limits, 'maxBodyBytes' | 'maxBatchCalls'>,
): Refusal | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) {
    return {
      code: 'PAYLOAD_TOO_LARGE',
      message: `the request body is ${formatBytes(declared)}; the limit is ${formatBytes(limits.maxBodyBytes)} (MAX_BODY_BYTES)`,
      issue: { path: [], code: 'BODY_TOO_LARGE' },
    };
  }
  const url = new URL(req.url ?? '/', 'http://server');
  if (url.searchParams.get('batch') !== '1') return undefined;
  const calls = url.pathname.slice('/trpc/'.length).split(',').length;
  if (calls <= limits.maxBatchCalls) return undefined;
  return {
    code: 'BAD_REQUEST',
    message: `a batch holds at most ${limits.maxBatchCalls} calls (MAX_BATCH_CALLS); this one has ${calls.toLocaleString('en-US')}`,
    issue: { path: [], code: 'BATCH_TOO_LARGE' },
  };
}

/** Answers like a tRPC error, so clients read `error.data.code` and `issues` as usual. */
export function sendRefusal(
  res: ServerResponse,
  refusal: Refusal,
  headers: Record<string, string> = {},
): void {
  const httpStatus = STATUS[refusal.code];
  const body = JSON.stringify({
    error: {
      message: refusal.message,
      code: TRPC_ERROR_CODES_BY_KEY[refusal.code],
      data: {
        code: refusal.code,
        httpStatus,
        path: null,
        issues: [{ ...refusal.issue, message: refusal.message }],
      },
    },
  });
  res.writeHead(httpStatus, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    // The body is not read: the connection cannot carry another request.
    ...(refusal.code === 'PAYLOAD_TOO_LARGE' && { connection: 'close' }),
  });
  res.end(body);
}
