import type { AbortSignalLike } from '@triggerflow/engine';

/**
 * What the http kind needs from the host: one request, one response. Platform-neutral; the Node
 * implementation (with the private-address guard) is `createNodeHttpClient` in
 * `@triggerflow/nodes/node`. The server mounts it as the runtime resource `http`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  readonly method: HttpMethod;
  /** An absolute http: or https: URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `undefined`: no body. A string is sent as is (`text/plain; charset=utf-8` unless a content-type
   * header is given); any other value is sent as JSON (`application/json` unless given).
   */
  readonly body?: unknown;
  /** The whole exchange (connect, send, receive) must finish within this many ms. */
  readonly timeoutMs: number;
  /** A longer response body is cut off (while it streams in) with `TOO_LARGE`. */
  readonly maxResponseBytes: number;
  /** Ends the exchange (`CANCELLED`) when it fires: the step's `data.abortSignal`. */
  readonly signal?: AbortSignalLike;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  /**
   * Parsed JSON when the content-type is JSON (`application/json`, `*+json`; an empty body is
   * `null`, a body that does not parse is kept as text); otherwise the body as UTF-8 text.
   */
  readonly body: unknown;
  /** Size of the body as received, in bytes. */
  readonly bytes: number;
  readonly durationMs: number;
}

export interface HttpClient {
  /** Resolves with any status (4xx and 5xx too); rejects with an `HttpError` when there is none. */
  request(request: HttpRequest): Promise<HttpResponse>;
}

export type HttpErrorCode =
  /** The host is (or resolves to) a private, loopback, link-local... address not on the allow list. */
  | 'PRIVATE_ADDRESS'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  /** DNS failure, refused or reset connection, TLS failure. */
  | 'NETWORK'
  /** Not an absolute http: or https: URL. */
  | 'INVALID_URL'
  /** A header name or value, or the body, cannot be sent. */
  | 'INVALID_REQUEST'
  /** The signal fired: the run no longer wants the answer. */
  | 'CANCELLED';

/** No response: the request was refused, failed or cut off. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A response outside 2xx where the node was told to fail (`failOnStatus`). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  readonly code = 'HTTP_STATUS';
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** The URL without credentials, query and fragment (which may carry keys), for messages. */
export function describeUrl(url: string): string {
  const bare = url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#@]*@/i, '$1');
  const cut = bare.search(/[?#]/);
  return cut === -1 ? bare : `${bare.slice(0, cut)}?…`;
}
