import { isIPv6 } from 'node:net';
import { HttpError } from '../http/client';

/**
 * Which addresses the Node HTTP client may connect to: every private, loopback, link-local,
 * unique-local, CGNAT, unspecified, multicast and reserved range is refused unless the allow list
 * names the host, the IP or a CIDR. IPv4 embedded in IPv6 is judged as IPv4.
 */
/** True when `address` (an IPv4 or IPv6 literal) is none of the ranges the client refuses. */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address);
  return ip !== undefined && reservedRange(ip) === undefined;
}

interface Ip {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}
interface Cidr extends Ip {
  readonly prefix: number;
}

export interface AddressGuard {
  /** Why `address` (what `host` resolved to) may not be reached; undefined when it may. */
  refusal(host: string, address: string): HttpError | undefined;
}

export function addressGuard(allow: readonly string[]): AddressGuard {
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
