import { applyManifests } from '../../__testUtils__/kubernetesTestCluster';

const NAME = 'workspaces-plugin-throttled';

/**
 * Puts the plugin's ServiceAccount in a priority level of its own with the
 * fewest seats API Priority and Fairness gives (one share) and no queue:
 * requests beyond its seats are refused at once with 429 and Retry-After,
 * as a busy API server refuses them.
 */
export async function throttlePlugin(connection: {
  server: string;
  caData: string;
  token: string;
}): Promise<void> {
  const manifests = [
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: NAME },
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 1,
          lendablePercent: 0,
          borrowingLimitPercent: 0,
          limitResponse: { type: 'Reject' },
        },
      },
    },
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: NAME },
      spec: {
        priorityLevelConfiguration: { name: NAME },
        matchingPrecedence: 100,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [
              {
                kind: 'ServiceAccount',
                serviceAccount: {
                  namespace: 'backstage',
                  name: 'backstage-workspaces',
                },
              },
            ],
            resourceRules: [
              {
                verbs: ['*'],
                apiGroups: ['*'],
                resources: ['*'],
                namespaces: ['*'],
                clusterScope: true,
              },
            ],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    },
  ];
  await applyManifests(connection, manifests);
}
