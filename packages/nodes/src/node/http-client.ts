import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressGuard, type AddressGuard } from './address-guard';
import {
  describeUrl,
  HttpError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
} from '../http/client';

export { isPublicAddress } from './address-guard';

export interface NodeHttpClientOptions {
  /**
   * Hosts that may be reached although they are not public: hostnames (`localhost`,
   * `api.internal`: every address they resolve to is allowed), IPs (`10.0.0.7`, `::1`) and CIDRs
   * (`10.0.0.0/8`, `fd00::/8`). An IPv4 entry also covers its IPv4-mapped IPv6 form.
   */
  readonly allow?: readonly string[];
  /** Milliseconds clock for `durationMs` (default `performance.now`). */
  readonly now?: () => number;
}

/**
 * An `HttpClient` for Node that refuses non-public addresses unless allowed. The check runs for
 * literal IP hosts and inside the connection's DNS lookup, on the very addresses it connects to,
 * so DNS rebinding cannot slip past. Each request uses a fresh connection (no pooled socket skips
 * the check) and redirects are not followed (a 3xx is the response).
 */
export function createNodeHttpClient(options: NodeHttpClientOptions = {}): HttpClient {
  const guard = addressGuard(options.allow ?? []);
  const now = options.now ?? (() => performance.now());
  return { request: (request) => send(request, guard, now) };
}

async function send(
  req: HttpRequest,
  guard: AddressGuard,
  now: () => number,
): Promise<HttpResponse> {
  const where = `${req.method} ${describeUrl(req.url)}`;
  const url = parseUrl(req.url, where);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const refusal = isIP(host) ? guard.refusal(host, host) : undefined;
  if (refusal) throw refusal;
  const { payload, headers } = encodeBody(req.body, req.headers ?? {}, where);
  const started = now();
  const response = await exchange({ req, url, headers, payload, guard, where });
  return { ...response, durationMs: Math.round(now() - started) };
}

function parseUrl(text: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpError('INVALID_URL', `${where}: not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError('INVALID_URL', `${where}: only http: and https: URLs are allowed`);
  }
  return url;
}

interface Exchange {
  readonly req: HttpRequest;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly payload: Buffer | undefined;
  readonly guard: AddressGuard;
  readonly where: string;
}

/** One request on a fresh connection, bounded in time and response size. */
function exchange(x: Exchange): Promise<Omit<HttpResponse, 'durationMs'>> {
  const { req, where } = x;
  return new Promise((resolve, reject) => {
    let refused: HttpError | undefined;
    let request: ClientRequest;
    try {
      request = (x.url.protocol === 'https:' ? httpsRequest : httpRequest)(x.url, {
        method: req.method,
        headers: x.headers,
        agent: false,
        lookup: guardedLookup(x.guard, (error) => (refused = error)),
      });
    } catch (error) {
      reject(new HttpError('INVALID_REQUEST', `${where}: ${message(error)}`, { cause: error }));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      outcome();
    };
    const fail = (error: HttpError): void => settle(() => reject(error));
    const timer = setTimeout(
      () => fail(new HttpError('TIMEOUT', `${where}: no response within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    // The run no longer wants the answer: the connection closes now.
    const onAbort = () =>
      settle(() =>
        reject(new HttpError('CANCELLED', `${where}: cancelled`, { cause: req.signal?.reason })),
      );
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort);
    const tooLarge = (): HttpError =>
      new HttpError('TOO_LARGE', `${where}: response larger than ${req.maxResponseBytes} bytes`);

    request.on('error', (error) => fail(refused ?? network(where, error)));
    request.on('response', (response) => {
      const declared = Number(response.headers['content-length']);
      if (req.method !== 'HEAD' && declared > req.maxResponseBytes) return fail(tooLarge());
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > req.maxResponseBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      response.on('error', (error) => fail(network(where, error)));
      response.on('close', () => {
        if (!response.complete) fail(new HttpError('NETWORK', `${where}: connection closed early`));
      });
      response.on('end', () =>
        settle(() =>
          resolve({
            status: response.statusCode ?? 0,
            headers: flatHeaders(response.headers),
            body: decodeBody(Buffer.concat(chunks), response.headers['content-type']),
            bytes,
          }),
        ),
      );
    });
    request.end(x.payload);
  });
}

function encodeBody(
  body: unknown,
  given: Readonly<Record<string, string>>,
  where: string,
): { payload: Buffer | undefined; headers: Record<string, string> } {
  const headers = Object.fromEntries(
    Object.entries(given).filter(([name]) => name.toLowerCase() !== 'content-length'),
  );
  if (body === undefined) return { payload: undefined, headers };
  let payload: Buffer;
  let type: string;
  if (typeof body === 'string') [payload, type] = [Buffer.from(body), 'text/plain; charset=utf-8'];
  else if (body instanceof Uint8Array)
    [payload, type] = [Buffer.from(body), 'application/octet-stream'];
  else {
    let json: string | undefined;
    try {
      json = JSON.stringify(body);
    } catch (error) {
      throw new HttpError('INVALID_REQUEST', `${where}: ${message(error)}`, { cause: error });
    }
    if (json === undefined)
      throw new HttpError('INVALID_REQUEST', `${where}: the body is not JSON`);
    [payload, type] = [Buffer.from(json), 'application/json'];
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = type;
  }
  headers['content-length'] = String(payload.length);
  return { payload, headers };
}

const JSON_TYPE = /^[\w.+-]+\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function decodeBody(buffer: Buffer, contentType: string | undefined): unknown {
  const text = buffer.toString('utf8');
  if (!JSON_TYPE.test(contentType ?? '')) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
const network = (where: string, error: unknown): HttpError =>
  new HttpError('NETWORK', `${where}: ${message(error)}`, { cause: error });

/** dns.lookup that refuses the whole answer when any address in it is not allowed. */
function guardedLookup(guard: AddressGuard, onRefused: (error: HttpError) => void): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      for (const { address } of addresses) {
        const refusal = guard.refusal(hostname, address);
        if (refusal) {
          onRefused(refusal);
          return callback(refusal, '');
        }
      }
      const first = addresses[0];
      if (options.all === true) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(new HttpError('NETWORK', `${hostname} has no address`), '');
    });
  };
}
