import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './labels';

/** The plugin's identity in a cluster, as `namespace/name`. */
export const DEFAULT_SERVICE_ACCOUNT = 'backstage/backstage-workspaces';

/** The name of the Role and RoleBinding in each project namespace. */
export const NAMESPACE_ROLE_NAME = 'backstage-workspaces';

/**
 * How an operator grants the plugin its rights in one namespace: the command
 * of deploy/README.md, printed where a workspace lacks them.
 */
export function namespaceRbacCommand(namespace: string): string {
  return `yarn tsx deploy/namespaceRbac.ts --namespace ${namespace} | kubectl apply -f -`;
}

const allVerbs = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
];

/**
 * Exactly the kinds a workspace is made of; granted per project namespace
 * only, so the plugin reads no Secret (and writes nothing) anywhere else.
 */
export const NAMESPACE_RULES = [
  { apiGroups: ['apps'], resources: ['statefulsets'], verbs: allVerbs },
  {
    apiGroups: [''],
    resources: ['services', 'secrets', 'persistentvolumeclaims'],
    verbs: allVerbs,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['networkpolicies', 'ingresses'],
    verbs: allVerbs,
  },
  // pods are made by the StatefulSet controller, or with the workload `Pod`
  // by the backend (no more than the StatefulSets it may create could do);
  // it reads them when its watch cache can't answer, and deletes one at a
  // stop, or whose start timed out
  {
    apiGroups: [''],
    resources: ['pods'],
    verbs: ['get', 'list', 'watch', 'create', 'delete'],
  },
  // the logs route reads a workspace container's log (read only)
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  // a start that would not fit the namespace's ResourceQuota is refused up
  // front, naming the quota (read only)
  { apiGroups: [''], resources: ['resourcequotas'], verbs: ['get', 'list'] },
];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The Role and RoleBinding that let the plugin's ServiceAccount run
 * workspaces in each namespace: two objects per namespace, in the order
 * given, duplicates once. Pure: `kubectl apply` them, or server-side apply.
 */
export function renderNamespaceRbac(
  namespaces: string[],
  serviceAccount: string = DEFAULT_SERVICE_ACCOUNT,
): object[] {
  const [accountNamespace, accountName, ...rest] = serviceAccount.split('/');
  if (
    rest.length ||
    !DNS_LABEL.test(accountNamespace ?? '') ||
    !DNS_LABEL.test(accountName ?? '')
  ) {
    throw new Error(
      `serviceAccount must be namespace/name of DNS labels, e.g. ${DEFAULT_SERVICE_ACCOUNT}; got '${serviceAccount}'`,
    );
  }
  for (const namespace of namespaces) {
    if (!DNS_LABEL.test(namespace)) {
      throw new Error(
        `namespace '${namespace}' is not a Kubernetes namespace name (a DNS label: lower case letters, digits and '-', at most 63)`,
      );
    }
  }
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  return [...new Set(namespaces)].flatMap(namespace => [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: NAMESPACE_ROLE_NAME, namespace, labels },
      rules: NAMESPACE_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: NAMESPACE_ROLE_NAME, namespace, labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: NAMESPACE_ROLE_NAME,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: accountName,
          namespace: accountNamespace,
        },
      ],
    },
  ]);
}
