import { generateKeyPairSync, KeyObject, randomUUID, sign } from 'crypto';

/** An ES256 key pair with a key id, as the auth backend's static key store reads it. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  privateKeyPem: string;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  return {
    keyId: randomUUID(),
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privateKeyPem: privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string,
  };
}

const part = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A Backstage user token, shaped as the auth backend issues them (typ
 * vnd.backstage.user, ES256, iss, sub, ent, aud backstage, iat, exp, and uip,
 * the proof for the limited user token), signed
 * with `key` under the key id `keyId`. The tests sign with the auth backend's
 * own key to change one thing only (the expiry, the audience), or with
 * another key to forge a signature.
 */
export function signUserToken(options: {
  key: KeyObject;
  keyId: string;
  issuer: string;
  sub: string;
  ent: string[];
  /** Seconds from now; negative for a token that has expired. */
  expiresInSeconds: number;
  /** `backstage` unless the test says otherwise. */
  aud?: string;
  /** `vnd.backstage.user` unless the test says otherwise; `null` for none. */
  typ?: string | null;
}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = {
    ...(options.typ === null
      ? {}
      : { typ: options.typ ?? 'vnd.backstage.user' }),
    alg: 'ES256',
    kid: options.keyId,
  };
  const sub = options.sub;
  const iat = Math.min(now, now + options.expiresInSeconds - 3600);
  const exp = now + options.expiresInSeconds;
  // the user identity proof: the signature of the limited user token that
  // backends derive from this one when they call another plugin for the user
  const limited = `${part({
    typ: 'vnd.backstage.limited-user',
    alg: 'ES256',
    kid: options.keyId,
  })}.${part({ sub, iat, exp })}`;
  const payload = {
    iss: options.issuer,
    sub,
    ent: options.ent,
    aud: options.aud ?? 'backstage',
    iat,
    exp,
    uip: signature(limited, options.key),
  };
  const signed = `${part(header)}.${part(payload)}`;
  return `${signed}.${signature(signed, options.key)}`;
}

function signature(signed: string, key: KeyObject): string {
  return sign('sha256', Buffer.from(signed), {
    key,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
}

/** A token that claims `sub` and `ent` with no signature at all (alg none). */
export function unsignedUserToken(sub: string, ent: string[]): string {
  return `${part({ alg: 'none', typ: 'vnd.backstage.user' })}.${part({
    sub,
    ent,
    aud: 'backstage',
  })}.`;
}
