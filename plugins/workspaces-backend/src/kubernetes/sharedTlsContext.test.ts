import { sharedTlsContext } from './sharedTlsContext';
import { generateKeyPairSync } from 'crypto';

describe('sharedTlsContext', () => {
  const key = () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();

  it('gives the requests with the same key one context, and a rotated key a new one', () => {
    const first = key();
    const rotated = key();
    const a = sharedTlsContext({ key: first });
    expect(sharedTlsContext({ key: first })).toBe(a);
    expect(sharedTlsContext({ key: Buffer.from(first) })).toBe(a);
    expect(sharedTlsContext({ key: rotated })).not.toBe(a);
  });
});
