import { CoreV1Api } from '@kubernetes/client-node';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminKubeConfig } from './createAdminKubeConfig';
import { createDemoNamespaces } from './createDemoNamespaces';
import { getKubeLocal } from './getKubeLocal';

jest.setTimeout(30_000);

describe('createDemoNamespaces', () => {
  it("creates the projects' namespaces, restricted, and leaves existing ones alone", async () => {
    const kube = getKubeLocal();
    const dir = await mkdtemp(join(tmpdir(), 'demo-catalog-'));
    const catalog = join(dir, 'projects.yaml');
    await writeFile(
      catalog,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: System',
        'metadata:',
        '  name: one',
        '  annotations:',
        '    backstage.io/kubernetes-namespace: demo-ns-one',
        'spec: { owner: a }',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: not-a-project }',
        'spec: { owner: a, type: service, lifecycle: x }',
      ].join('\n'),
    );

    expect(await createDemoNamespaces(kube, catalog)).toEqual(['demo-ns-one']);
    // a second run finds it there already
    expect(await createDemoNamespaces(kube, catalog)).toEqual(['demo-ns-one']);

    const kubeConfig = createAdminKubeConfig(kube);
    const namespace = await kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: 'demo-ns-one' });
    expect(namespace.metadata!.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });
});
