import { hasManifestFields } from './hasManifestFields';

describe('hasManifestFields', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ws-a-env', labels: { app: 'x' } },
    type: 'Opaque',
    stringData: { TOKEN: 's3cr3t' },
  };
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'ws-a' },
    spec: {
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8888 }] }],
    },
  };

  it('finds a Secret as the API server stores it, its stringData base64-encoded in data', () => {
    const stored = {
      ...secret,
      stringData: undefined,
      metadata: { ...secret.metadata, uid: 'u1' },
      data: { TOKEN: Buffer.from('s3cr3t').toString('base64') },
    };
    expect(hasManifestFields(secret, stored)).toBe(true);
    const changed = {
      ...stored,
      data: { TOKEN: Buffer.from('other').toString('base64') },
    };
    expect(hasManifestFields(secret, changed)).toBe(false);
  });

  it('finds a NetworkPolicy as client-node reads it, its from as _from', () => {
    const read = {
      ...policy,
      spec: {
        ...policy.spec,
        ingress: [{ _from: [{ podSelector: {} }], ports: [{ port: 8888 }] }],
      },
    };
    expect(hasManifestFields(policy, read)).toBe(true);
    const opened = {
      ...read,
      spec: { ...read.spec, ingress: [{ ports: [{ port: 8888 }] }] },
    };
    expect(hasManifestFields(policy, opened)).toBe(false);
  });
});
