import { ConfigReader } from '@backstage/config';
import { readKubernetesClusters } from './readKubernetesClusters';

describe('readKubernetesClusters', () => {
  it('reads the config clusters that the Kubernetes plugin uses', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: 'https://127.0.0.1:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: 't',
                caData: 'Y2E=',
              },
              {
                name: 'gpu',
                url: 'https://gpu.example.com',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    });
    expect(readKubernetesClusters(config)).toEqual([
      {
        name: 'local',
        url: 'https://127.0.0.1:6443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        caData: 'Y2E=',
        skipTLSVerify: false,
      },
      {
        name: 'gpu',
        url: 'https://gpu.example.com',
        authProvider: 'serviceAccount',
        serviceAccountToken: undefined,
        caData: undefined,
        skipTLSVerify: true,
      },
    ]);
  });

  it('adds the cluster of a kubeconfig file for local development', () => {
    const config = new ConfigReader({
      workspaces: { kubernetes: { kubeconfig: '/home/me/.kube/config' } },
    });
    expect(readKubernetesClusters(config)).toEqual([
      {
        name: 'kubeconfig',
        kubeconfigPath: '/home/me/.kube/config',
        url: '',
        authProvider: 'kubeconfig',
        skipTLSVerify: false,
      },
    ]);
  });

  it('has none without a kubernetes config, or with an empty list', () => {
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
    expect(
      readKubernetesClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [{ type: 'config', clusters: [] }],
          },
        }),
      ),
    ).toEqual([]);
  });
});
