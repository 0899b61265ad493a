import {
  BackstageCredentials,
  DiscoveryService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  mockWorkspacesPermissions,
  mockWorkspacesUserInfo,
} from '@backstage-workspaces/plugin-workspaces-node/testUtils';
// the tests run the actions against the real backend plugin
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import workspacesPlugin from '@backstage-workspaces/plugin-workspaces-backend';
import {
  createRestrictedNamespaces,
  getKubeLocal,
  kubernetesClusterConfig,
} from '@internal/kube-local';
import { Server } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { scaffolderModuleWorkspaces } from '../module';

export const PROJECT = 'system:default/experiments';
export const NAMESPACE = 'ml-experiments';
export const APP_BASE_URL = 'http://localhost:3000';

/**
 * The users of the tests and their ownership refs: alice owns the project
 * experiments, mia is listed as its member, otto is in the team of another
 * project, carol is an admin, and dave has no project.
 */
export const TEST_USERS = {
  alice: ['user:default/alice'],
  mia: ['user:default/mia'],
  otto: ['user:default/otto', 'group:default/forecast-team'],
  carol: ['user:default/carol', 'group:default/platform-admins'],
  dave: ['user:default/dave'],
};

const packageFile = (path: string) =>
  resolvePackagePath(
    '@backstage-workspaces/plugin-scaffolder-backend-module-workspaces',
    path,
  );

/** Building blocks of the tests; the images tell the local control plane how the pod behaves. */
export const workspacesConfig = {
  admins: ['group:default/platform-admins'],
  encryptionKey: 'test-encryption-key-of-some-length',
  kubernetes: { sweepIntervalSeconds: 1 },
  environments: [
    {
      id: 'jupyterlab',
      title: 'JupyterLab',
      image: 'registry.example.com/test/scipy-notebook:2025-03-14', // simulated by kube-local
      runAsUser: 1000,
      runAsGroup: 100,
      tools: [
        {
          id: 'jupyterlab',
          type: 'jupyterlab',
          title: 'JupyterLab',
          port: 8888,
        },
      ],
    },
    {
      id: 'broken',
      title: 'Broken image',
      image: 'registry.example.com/team/fail-pull:1.0',
      runAsUser: 1000,
      tools: [{ id: 'lab', type: 'jupyterlab', title: 'Lab', port: 8888 }],
    },
    {
      id: 'never-ready',
      title: 'Never ready',
      image: 'registry.example.com/team/never-ready:1.0',
      runAsUser: 1000,
      tools: [{ id: 'lab', type: 'jupyterlab', title: 'Lab', port: 8888 }],
    },
  ],
  computePresets: [
    {
      id: 'cpu-small',
      title: 'Small CPU',
      cpu: { request: '100m' },
      memory: { request: '256Mi' },
      overrides: { memory: { min: '256Mi', max: '2Gi' } },
    },
  ],
  dataSources: [
    {
      id: 'home',
      type: 'volume',
      title: 'Home volume',
      mountPath: '/home/jovyan/work',
      size: '1Gi',
      maxSize: '5Gi',
    },
  ],
};

/**
 * Starts a backend with the real Workspaces plugin (on the local control
 * plane of the jest global setup) and the real catalog, and with
 * `withScaffolder` also the real scaffolder, this module and the example
 * template. Users are who their mock token says, with the groups of
 * TEST_USERS, and permissions are decided in-process by the plugin's default
 * decisions, as in an app that ships them.
 */
export interface BackendWithWorkspaces {
  server: Server;
  stop(): Promise<void>;
  /** Credentials of a user, as the scaffolder gives the initiator's. */
  user(name: string): BackstageCredentials;
  /** The Authorization header of a user. */
  header(name: string): string;
  /** Discovery of this backend's plugins, for actions built in a test. */
  discovery: DiscoveryService;
}

export async function startBackendWithWorkspaces(
  options: { withScaffolder?: boolean } = {},
): Promise<BackendWithWorkspaces> {
  const kube = getKubeLocal();
  await createRestrictedNamespaces(kube, [NAMESPACE]);
  const locations = [
    { type: 'file', target: packageFile('src/__testUtils__/catalog.yaml') },
  ];
  const features: Parameters<typeof startTestBackend>[0]['features'] = [
    workspacesPlugin,
    catalogPlugin,
    schedulerServiceFactory,
    mockWorkspacesPermissions({ adminRefs: workspacesConfig.admins }),
    mockWorkspacesUserInfo(TEST_USERS),
  ];
  if (options.withScaffolder) {
    locations.push({
      type: 'file',
      target: packageFile(
        '../../examples/templates/ml-experiment-workspace/template.yaml',
      ),
    });
    features.push(
      catalogModuleTemplateKind,
      scaffolderPlugin,
      scaffolderModuleWorkspaces,
    );
  }
  features.push(
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl: APP_BASE_URL },
        catalog: {
          rules: [{ allow: ['System', 'Group', 'User', 'Template'] }],
          processingInterval: { seconds: 1 },
          locations,
        },
        // the tool listener on a free port: test backends run side by side
        workspaces: { tools: { listen: { port: 0 } }, ...workspacesConfig },
        // the admin's token: these tests are about the actions; the backend's
        // own tests run with the least-privilege role of deploy/rbac.yaml
        kubernetes: kubernetesClusterConfig(kube, kube.token),
      },
    }),
  );
  const backend = await startTestBackend({ features });
  const user = (name: string) => mockCredentials.user(`user:default/${name}`);
  const header = (name: string) =>
    mockCredentials.user.header(`user:default/${name}`);
  // the catalog ingests its locations in the background
  const expected = options.withScaffolder
    ? '/api/catalog/entities/by-name/template/default/ml-experiment-workspace'
    : '/api/catalog/entities/by-name/system/default/website';
  for (let attempt = 0; attempt < 150; attempt++) {
    const response = await request(backend.server)
      .get(expected)
      .set('Authorization', header('alice'));
    if (response.status === 200) break;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}/api`;
  return {
    server: backend.server,
    stop: () => backend.stop(),
    user,
    header,
    discovery: {
      getBaseUrl: async (pluginId: string) => `${baseUrl}/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) => `${baseUrl}/${pluginId}`,
    },
  };
}
