import {
  AuthorizationV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  createAdminKubeConfig,
  createRestrictedNamespaces,
  KubeLocal,
  startKubeLocal,
} from '@internal/kube-local';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFileSync } from 'child_process';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  applyManifests,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import {
  findSecretRightsOutside,
  kubeConfigOf,
} from './__testUtils__/findSecretRightsOutside';
import { reportFigures } from './__testUtils__/reportFigures';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

/** The project namespaces this cluster has the plugin's Role in. */
const PROJECT_NAMESPACES = ['vision'];

describe(`least privilege (${databaseId})`, () => {
  // a control plane of its own: other test files give the plugin's Role to
  // namespaces of theirs on the shared one
  let kube: KubeLocal;
  let backend: WorkspacesTestBackend;
  let token: string;

  beforeAll(async () => {
    kube = await startKubeLocal();
    ({ backend, token } = await startRuntimeTestBackend({
      databases,
      databaseId,
      kube,
    }));
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  it("runs a workspace with the shipped role only, and its pod passes PodSecurity 'restricted'", async () => {
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      { name: 'least' },
    );
    await waitUntil(
      'Running',
      async () => {
        const { body } = await request(backend.server)
          .get(`/api/workspaces/workspaces/${workspace.id}`)
          .set('Authorization', backend.user('bob'));
        return { done: body.status === 'Running', value: body.status };
      },
      60_000,
    );
    const { core } = adminClients(kube);
    const namespace = await core.readNamespace({ name: 'vision' });
    expect(
      namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
    const pods = await core.listNamespacedPod({
      namespace: 'vision',
      labelSelector: `workspaces.backstage.io/workspace-id=${workspace.id}`,
    });
    expect(pods.items).toHaveLength(1);

    // what the plugin's identity may not do, asked of the API server itself
    const kubeConfig = kubeConfigOf(kube, token);
    const authorization = kubeConfig.makeApiClient(AuthorizationV1Api);
    const denied: Array<[string, string, string, string?]> = [
      ['create', '', 'namespaces'],
      ['create', 'rbac.authorization.k8s.io', 'clusterroles'],
      ['create', 'rbac.authorization.k8s.io', 'rolebindings', 'vision'],
      ['create', '', 'pods', 'kube-system'],
      ['update', '', 'nodes'],
      ['create', '', 'pods/exec', 'vision'],
      // container logs: in the project namespaces only
      ['get', '', 'pods/log', 'kube-system'],
    ];
    const answers = [];
    for (const [verb, group, resource, namespaceName] of denied) {
      const [name, subresource] = resource.split('/');
      const review = await authorization.createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              verb,
              group,
              resource: name,
              subresource,
              namespace: namespaceName,
            },
          },
        },
      });
      answers.push({
        what: `${verb} ${resource}${
          namespaceName ? ` in ${namespaceName}` : ''
        }`,
        allowed: review.status?.allowed,
      });
    }
    // the plugin's own client is refused outside its rights, not just told no
    const pluginCore = kubeConfig.makeApiClient(CoreV1Api);
    const listing = await pluginCore
      .listNamespacedServiceAccount({ namespace: 'vision' })
      .then(() => 200)
      .catch(error => error.code);
    // Secrets: only in the project namespaces
    const outside = await findSecretRightsOutside(
      kube,
      token,
      PROJECT_NAMESPACES,
    );
    const secretsInProject = await pluginCore
      .listNamespacedSecret({ namespace: 'vision' })
      .then(() => 200)
      .catch(error => error.code);
    reportFigures('least-privilege', {
      'pod admitted under PodSecurity restricted': pods.items.length === 1,
      'rights checked outside the shipped role': answers.length + 1,
      'of them allowed': answers.filter(a => a.allowed).length,
      'service accounts listed by the plugin': listing,
      'namespaces outside the projects checked for Secrets':
        outside.namespacesChecked,
      'Secret rights found outside the project namespaces':
        outside.allowed.length,
      'secrets of the project namespace listed by the plugin': secretsInProject,
    });
    expect(answers.filter(a => a.allowed)).toEqual([]);
    expect(outside.namespacesChecked).toBeGreaterThanOrEqual(4);
    expect(outside.allowed).toEqual([]);
    expect(secretsInProject).toBe(200);
    expect(listing).toBe(403);
  });

  it('negative control: a cluster-wide binding of the workspace kinds (the old deploy/rbac.yaml) is reported as reading Secrets outside the projects', async () => {
    const { core } = adminClients(kube);
    const name = 'least-privilege-negative-control';
    const manifests = [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace: 'backstage' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        rules: [
          {
            apiGroups: [''],
            resources: ['services', 'secrets', 'persistentvolumeclaims'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name,
        },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'backstage' }],
      },
    ];
    await applyManifests(kube, manifests);
    const { status } = await core.createNamespacedServiceAccountToken({
      namespace: 'backstage',
      name,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const { value: outside } = await waitUntil(
      'the cluster-wide binding to take effect',
      async () => {
        const found = await findSecretRightsOutside(
          kube,
          status!.token,
          PROJECT_NAMESPACES,
        );
        return { done: found.allowed.length > 0, value: found };
      },
      30_000,
    );
    expect(outside.allowed).toEqual(
      expect.arrayContaining([
        'list secrets in all namespaces',
        'get secrets in kube-system',
        'read kube-system secrets: 200',
      ]),
    );
  });

  it("says in a workspace's status which right the plugin lacks in a project namespace without its Role, and starts it once the Role is applied", async () => {
    // the playground project's namespace, made without the plugin's Role
    await createRestrictedNamespaces(kube, ['playground']);
    const bindings = await createAdminKubeConfig(kube)
      .makeApiClient(RbacAuthorizationV1Api)
      .listNamespacedRoleBinding({ namespace: 'playground' });
    expect(bindings.items).toEqual([]);
    const workspace = await createWorkspace(
      backend.server,
      backend.user('alice'),
      { project: 'system:default/playground', name: 'no-role' },
    );
    const { value: refused } = await waitUntil(
      'a status naming the missing right',
      async () => {
        const { body } = await request(backend.server)
          .get(`/api/workspaces/workspaces/${workspace.id}`)
          .set('Authorization', backend.user('alice'));
        return {
          done: body.statusReason === 'NotPermittedInNamespace',
          value: body,
        };
      },
      60_000,
    );
    expect(refused.status).toBe('Pending');
    // the first request of a start reads the workspace's volume claim
    expect(refused.statusMessage).toBe(
      'The plugin may not get persistentvolumeclaims in namespace playground; apply its Role there: yarn tsx deploy/namespaceRbac.ts --namespace playground | kubectl apply -f -',
    );

    // the step of deploy/README.md for a new project, as the status says:
    // the documented command's output, applied
    const printed = execFileSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        resolvePackagePath(
          '@backstage-workspaces/plugin-workspaces-backend',
          '../../deploy/namespaceRbac.ts',
        ),
        '--namespace',
        'playground',
      ],
      { encoding: 'utf8' },
    );
    await applyManifests(
      kube,
      parseAllDocuments(printed).map(document => document.toJSON()),
    );
    await waitForStatus(
      backend.server,
      backend.user('alice'),
      workspace.id,
      'Running',
      90_000,
    );
  });
});
