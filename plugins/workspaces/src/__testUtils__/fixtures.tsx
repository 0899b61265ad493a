import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { discoveryApiRef, identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
  TestApiProviderProps,
} from '@backstage/test-utils';
import {
  Workspace,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Theme, ThemeProvider } from '@material-ui/core/styles';
import { ReactElement } from 'react';
import { WorkspacesApi, workspacesApiRef } from '../api';
import { rootRouteRef } from '../routes';

export const blocks: WorkspaceBuildingBlocks = {
  environments: [
    {
      id: 'jupyterlab',
      title: 'JupyterLab',
      description: 'Python notebooks with the SciPy stack',
      image: 'quay.io/jupyter/scipy-notebook:2025-03-14',
      imagePullPolicy: 'IfNotPresent',
      env: {},
      tools: [
        {
          id: 'jupyterlab',
          type: 'jupyterlab',
          title: 'JupyterLab tool',
          port: 8888,
        },
      ],
      scope: { kind: 'all' },
    },
    {
      id: 'vscode',
      title: 'VS Code',
      image: 'codercom/code-server:4.96.4',
      imagePullPolicy: 'IfNotPresent',
      env: {},
      tools: [{ id: 'vscode', type: 'vscode', title: 'VS Code', port: 8080 }],
      scope: { kind: 'all' },
    },
  ],
  computePresets: [
    {
      id: 'small',
      title: 'Small CPU',
      cpu: { request: '1' },
      memory: { request: '4Gi' },
      overrides: { cpu: { min: '500m', max: '4' } },
      scope: { kind: 'all' },
    },
    {
      id: 'gpu-1',
      title: '1 GPU',
      cpu: { request: '4' },
      memory: { request: '32Gi' },
      gpu: { count: 1, resourceName: 'nvidia.com/gpu', nodeSelector: {} },
      overrides: {},
      scope: { kind: 'all' },
    },
  ],
  dataSources: [
    {
      id: 'home',
      title: 'Home',
      mountPath: '/home/jovyan',
      type: 'volume',
      size: '10Gi',
      maxSize: '50Gi',
      accessMode: 'ReadWriteOnce',
      retain: false,
      scope: { kind: 'all' },
    },
  ],
};

/** The project of the fixtures' workspaces, as the catalog has it. */
export const visionProject: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'vision',
    title: 'Vision',
    annotations: { 'backstage.io/kubernetes-namespace': 'vision' },
  },
  spec: { owner: 'vision-team' },
};

export function aWorkspace(overrides: Partial<Workspace> = {}): Workspace {
  return {
    id: 'w1',
    name: 'churn-model',
    project: 'system:default/vision',
    namespace: 'vision',
    environment: 'jupyterlab',
    compute: { preset: 'gpu-1' },
    resources: { cpu: '4', memory: '32Gi', gpu: 1 },
    dataSources: [{ id: 'home' }],
    env: [],
    desiredState: 'Running',
    status: 'Running',
    statusMessage: 'Running on node gpu-0',
    statusSince: '2026-11-28T00:00:00Z',
    pendingRestart: false,
    createdBy: 'user:default/bob',
    createdAt: '2026-11-28T00:00:00Z',
    updatedAt: '2026-11-28T00:00:00Z',
    revision: 1,
    ...overrides,
  };
}

/** A workspaces API whose calls are jest mocks, with harmless defaults. */
export function mockWorkspacesApi(
  api: Partial<WorkspacesApi> = {},
): jest.Mocked<WorkspacesApi> {
  return {
    getBuildingBlocks: jest.fn().mockResolvedValue(blocks),
    listWorkspaces: jest.fn().mockResolvedValue({ items: [] }),
    getClusters: jest.fn().mockResolvedValue([{ name: 'local' }]),
    getWorkspace: jest.fn(),
    createWorkspace: jest.fn(),
    updateWorkspace: jest.fn(),
    startWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    stopWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    deleteWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    listRuns: jest.fn().mockResolvedValue([]),
    listEvents: jest.fn().mockResolvedValue([]),
    getProjectSummary: jest.fn().mockResolvedValue({
      project: 'system:default/vision',
      countsByStatus: { Running: 1 },
      running: { workspaces: 1, cpu: '4', memory: '32Gi', gpu: 1 },
    }),
    connectTool: jest.fn(),
    keepAlive: jest.fn().mockResolvedValue(aWorkspace()),
    getProjectQuota: jest.fn().mockResolvedValue({
      project: 'system:default/vision',
      namespace: 'vision',
      items: [],
    }),
    getLogs: jest.fn().mockResolvedValue(''),
    followLogs: jest.fn(),
    listKubernetesEvents: jest.fn().mockResolvedValue([]),
    listObjects: jest.fn().mockResolvedValue([]),
    getExplanation: jest.fn().mockResolvedValue({
      status: 'Running',
      reason: 'Running',
      title: 'Running',
      whatHappened: 'The workspace is running.',
      whatToDo: 'Open its tools.',
      details: {},
    }),
    ...api,
  } as jest.Mocked<WorkspacesApi>;
}

/**
 * The app's theme without transitions and ripples: a dialog or a menu is
 * there, or gone, at once, so tests don't wait out animations (their timers
 * are slow on a busy machine).
 */
function withoutAnimations(outer: Theme): Theme {
  const none = {
    shortest: 0,
    shorter: 0,
    short: 0,
    standard: 0,
    complex: 0,
    enteringScreen: 0,
    leavingScreen: 0,
  };
  return {
    ...outer,
    transitions: { ...outer.transitions, duration: none, create: () => 'none' },
    props: { ...outer.props, MuiButtonBase: { disableRipple: true } },
  };
}

/**
 * Renders in a test app with the given workspaces API and a permission API
 * that allows what `allow` says (everything by default, as for an admin).
 */
export function renderWithApis(
  element: ReactElement,
  options: {
    workspacesApi: WorkspacesApi;
    /**
     * Whether a permission is allowed; `resourceRef` is absent where the
     * app asks without a workspace (allowed only without conditions).
     */
    allow?: (permission: string, resourceRef?: string) => boolean;
    /** More APIs, e.g. the catalog's. */
    apis?: TestApiProviderProps<any>['apis'];
    /** Where the app is, e.g. `/w1` for a details page. */
    routeEntries?: string[];
  },
) {
  const allow = options.allow ?? (() => true);
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, mockApis.discovery()],
        ...(options.apis ?? []),
        [workspacesApiRef, options.workspacesApi],
        [
          permissionApiRef,
          new MockPermissionApi(request =>
            allow(request.permission.name, request.resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          ),
        ],
      ]}
    >
      <ThemeProvider theme={withoutAnimations}>{element}</ThemeProvider>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/workspaces': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/** The identity API entry of a signed-in user, e.g. `signedInAs('bob')`. */
export function signedInAs(name: string) {
  const ref = `user:default/${name}`;
  return [
    identityApiRef,
    {
      getBackstageIdentity: async () => ({
        type: 'user' as const,
        userEntityRef: ref,
        ownershipEntityRefs: [ref],
      }),
    },
  ] as const;
}
