import { createHash, randomBytes } from 'crypto';

/** A new secret for a link or a cookie: 256 random bits, URL-safe. */
export function newSessionSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSessionSecret(secret) };
}

/** What the database keeps of a secret, so that reading it gives no session away. */
export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
