import {
  NAMESPACE_RULES,
  renderNamespaceRbac,
  namespaceRbacCommand,
} from './renderNamespaceRbac';

describe('renderNamespaceRbac', () => {
  it('renders a Role with the workspace kinds and a RoleBinding to the ServiceAccount in each namespace', () => {
    expect(
      renderNamespaceRbac(['vision', 'ml-fraud'], 'platform/workspaces'),
    ).toEqual([
      expect.objectContaining({
        kind: 'Role',
        metadata: expect.objectContaining({
          name: 'backstage-workspaces',
          namespace: 'vision',
        }),
        rules: NAMESPACE_RULES,
      }),
      expect.objectContaining({
        kind: 'RoleBinding',
        metadata: expect.objectContaining({ namespace: 'vision' }),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'backstage-workspaces',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'workspaces', namespace: 'platform' },
        ],
      }),
      expect.objectContaining({
        kind: 'Role',
        metadata: expect.objectContaining({ namespace: 'ml-fraud' }),
      }),
      expect.objectContaining({
        kind: 'RoleBinding',
        metadata: expect.objectContaining({ namespace: 'ml-fraud' }),
      }),
    ]);
  });

  it('binds the shipped ServiceAccount by default, and renders a namespace once', () => {
    const objects = renderNamespaceRbac(['vision', 'vision']) as any[];
    expect(objects).toHaveLength(2);
    expect(objects[1].subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'backstage-workspaces',
        namespace: 'backstage',
      },
    ]);
  });

  it('grants nothing cluster-scoped and no pods/exec, RBAC or namespaces', () => {
    const resources = NAMESPACE_RULES.flatMap(rule => rule.resources);
    expect(resources).toEqual(
      expect.not.arrayContaining([
        'namespaces',
        'nodes',
        'pods/exec',
        'roles',
        'rolebindings',
        '*',
      ]),
    );
    expect(NAMESPACE_RULES.flatMap(rule => rule.verbs)).not.toContain('*');
  });

  it('lets the plugin read container logs and events, and write neither', () => {
    const rulesOf = (resource: string) =>
      NAMESPACE_RULES.filter(rule => rule.resources.includes(resource));
    expect(rulesOf('pods/log')).toEqual([
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(
      rulesOf('events')
        .flatMap(rule => rule.verbs)
        .sort(),
    ).toEqual(['get', 'list', 'watch']);
  });

  it('refuses a namespace or ServiceAccount that is not a Kubernetes name, naming it', () => {
    expect(() => renderNamespaceRbac(['Vision'])).toThrow(
      "namespace 'Vision' is not a Kubernetes namespace name",
    );
    expect(() => renderNamespaceRbac(['vision'], 'backstage')).toThrow(
      "serviceAccount must be namespace/name of DNS labels, e.g. backstage/backstage-workspaces; got 'backstage'",
    );
  });

  it('names the command that renders a namespace', () => {
    expect(namespaceRbacCommand('vision')).toBe(
      'yarn tsx deploy/namespaceRbac.ts --namespace vision | kubectl apply -f -',
    );
  });
});
