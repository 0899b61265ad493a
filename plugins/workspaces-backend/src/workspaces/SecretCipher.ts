import { InputError } from '@backstage/errors';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from 'crypto';

const algorithm = 'aes-256-gcm';

/**
 * Encrypts the values of secret env vars before they reach the database,
 * with a key derived from `workspaces.encryptionKey`.
 */
export class SecretCipher {
  private readonly key?: Buffer;

  constructor(secret?: string) {
    this.key = secret
      ? createHash('sha256').update(secret).digest()
      : undefined;
  }

  encrypt(plain: string, field: string): string {
    if (!this.key) {
      throw new InputError(
        `${field}: secret variables need workspaces.encryptionKey in the backend config`,
      );
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv(algorithm, this.key, iv);
    const encrypted = Buffer.concat([
      cipher.update(plain, 'utf8'),
      cipher.final(),
    ]);
    return ['v1', iv, cipher.getAuthTag(), encrypted]
      .map(part => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, encrypted] = stored.split(':');
    if (version !== 'v1' || !this.key) {
      throw new Error(
        'Cannot decrypt a secret: unknown format or no workspaces.encryptionKey',
      );
    }
    const decipher = createDecipheriv(
      algorithm,
      this.key,
      Buffer.from(iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(encrypted, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }
}
