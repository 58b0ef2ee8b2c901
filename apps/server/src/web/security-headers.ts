import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of every answer. Scripts, styles, workers and connections come
 * from the server's own origin only (no inline script or style); nothing may frame a page (the
 * approval dialog cannot be clickjacked). `'unsafe-eval'` stays for one reason: the studio's
 * forms check answers with Ajv (JSON Schema 2020-12, the validator the server uses), which
 * compiles each schema to a function. Inline scripts remain refused.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Browser features no page of the studio uses: denied to it and to anything it could embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/**
 * The headers every response carries: pages, assets, the API, `/healthz`, errors. Sign-in links
 * hold a token in their query, so no page sends a referrer. HSTS only when the server is reached
 * over https (`PUBLIC_URL`), where it cannot lock anyone out of a plain-http setup.
 */
export function securityHeaders(options: { https: boolean }): ReadonlyArray<[string, string]> {
  const headers: [string, string][] = [
    ['content-security-policy', CONTENT_SECURITY_POLICY],
    ['x-frame-options', 'DENY'],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
    ['permissions-policy', PERMISSIONS_POLICY],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
  ];
  if (options.https) headers.push(['strict-transport-security', 'max-age=31536000']);
  return headers;
}

/** Sets `headers` on `res` (before anything else writes its head). */
export function applyHeaders(
  res: Pick<ServerResponse, 'setHeader'>,
  headers: ReadonlyArray<[string, string]>,
): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}
