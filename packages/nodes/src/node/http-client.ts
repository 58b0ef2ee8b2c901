import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, isIPv6, type LookupFunction } from 'node:net';
import {
  describeUrl,
  HttpError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
} from '../http/client';

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

/** True when `address` (an IPv4 or IPv6 literal) is none of the ranges the client refuses. */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && reservedRange(ip) === undefined;
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
      request.destroy();
      outcome();
    };
    const fail = (error: HttpError): void => settle(() => reject(error));
    const timer = setTimeout(
      () => fail(new HttpError('TIMEOUT', `${where}: no response within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
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

// Addresses.

interface Ip {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}
interface Cidr extends Ip {
  readonly prefix: number;
}

interface AddressGuard {
  /** Why `address` (what `host` resolved to) may not be reached; undefined when it may. */
  refusal(host: string, address: string): HttpError | undefined;
}

function addressGuard(allow: readonly string[]): AddressGuard {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const entry of allow) {
    const text = entry.trim().toLowerCase().replace(/\.$/, '');
    const range = parseCidr(text);
    if (range) ranges.push(range);
    else if (/^[a-z\d_-]+(\.[a-z\d_-]+)*$/.test(text)) hosts.add(text);
    else throw new Error(`http allow list: '${entry}' is not a hostname, an IP or a CIDR`);
  }
  return {
    refusal(host, address) {
      if (hosts.has(host.toLowerCase().replace(/\.$/, ''))) return undefined;
      const ip = parseIp(address);
      if (ip && ranges.some((range) => contains(range, ip))) return undefined;
      const kind = ip ? reservedRange(ip) : 'unparsable';
      if (kind === undefined) return undefined;
      const via = host === address ? '' : `${host} resolves to `;
      return new HttpError(
        'PRIVATE_ADDRESS',
        `refused ${via}${address}: a ${kind} address, and the http allow list does not name it`,
      );
    },
  };
}

function parseIp(text: string): Ip | undefined {
  const v4 = parseIPv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(text);
  return v6 ? unwrap({ family: 6, bytes: v6 }) : undefined;
}

function parseCidr(text: string): Cidr | undefined {
  const [address = '', bits, ...rest] = text.replace(/^\[(.*)\]/, '$1').split('/');
  if (rest.length > 0) return undefined;
  if (bits === undefined) {
    const ip = parseIp(address);
    return ip && { ...ip, prefix: ip.bytes.length * 8 };
  }
  const v4 = parseIPv4(address);
  const ip: Ip | undefined = v4 ? { family: 4, bytes: v4 } : wrap6(parseIPv6(address));
  const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  return ip && prefix <= ip.bytes.length * 8 ? { ...ip, prefix } : undefined;
}

const wrap6 = (bytes: number[] | undefined): Ip | undefined => bytes && { family: 6, bytes };

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIPv6(text: string): number[] | undefined {
  const plain = text.replace(/%.*$/, '');
  if (!isIPv6(plain)) return undefined;
  const hex = plain.replace(
    /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
    (_, a: string, b: string, c: string, d: string) =>
      `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
  );
  const [head = '', tail] = hex.split('::');
  const words = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = words(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right].flatMap((w) => [w >> 8, w & 0xff]);
}

const v4 = (a: number, b: number, prefix: number): Cidr => ({
  family: 4,
  bytes: [a, b, 0, 0],
  prefix,
});
const v6 = (head: number[], prefix: number): Cidr => ({
  family: 6,
  bytes: [...head, ...new Array<number>(16 - head.length).fill(0)],
  prefix,
});

/** IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses are their IPv4 address. */
const EMBEDDING: readonly Cidr[] = [
  v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96),
  v6([0, 0x64, 0xff, 0x9b], 96),
];

function unwrap(ip: Ip): Ip {
  return EMBEDDING.some((range) => contains(range, ip))
    ? { family: 4, bytes: ip.bytes.slice(12) }
    : ip;
}

const RESERVED: readonly (readonly [Cidr, string])[] = [
  [v4(0, 0, 8), 'unspecified'],
  [v4(10, 0, 8), 'private'],
  [v4(100, 64, 10), 'carrier-grade NAT'],
  [v4(127, 0, 8), 'loopback'],
  [v4(169, 254, 16), 'link-local'],
  [v4(172, 16, 12), 'private'],
  [v4(192, 0, 24), 'special-purpose'],
  [v4(192, 168, 16), 'private'],
  [v4(198, 18, 15), 'benchmarking'],
  [v4(224, 0, 4), 'multicast'],
  [v4(240, 0, 4), 'reserved'],
  [v6([], 128), 'unspecified'],
  [v6([...new Array<number>(15).fill(0), 1], 128), 'loopback'],
  [v6([], 96), 'IPv4-compatible'],
  [v6([0xfc], 7), 'unique-local'],
  [v6([0xfe, 0x80], 10), 'link-local'],
  [v6([0xfe, 0xc0], 10), 'site-local'],
  [v6([0xff], 8), 'multicast'],
];

function reservedRange(ip: Ip): string | undefined {
  return RESERVED.find(([range]) => contains(range, ip))?.[1];
}

function contains(range: Cidr, ip: Ip): boolean {
  if (range.family !== ip.family) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(8, range.prefix - bit))) & 0xff;
    const index = bit / 8;
    if (((range.bytes[index] ?? 0) & mask) !== ((ip.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}
