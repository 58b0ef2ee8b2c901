import { createHash, randomBytes } from 'node:crypto';

/** A new bearer secret: 32 random bytes, base64url, behind a `tf_` prefix secret scanners can spot. */
export function newSecret(): string {
  return `tf_${randomBytes(32).toString('base64url')}`;
}

/** What storage keeps of a secret: its SHA-256, hex. Secrets are never stored or logged. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
