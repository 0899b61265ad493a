import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startTestGitServer,
  TestGitServer,
} from '../__testUtils__/startTestGitServer';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const TOKEN = 'glpat-test-token-0123456789';

/** Debian's Python serving the clone: a pod kube-local runs for real. */
const PYTHON = {
  id: 'python-clone',
  title: 'Python',
  image: 'kube-local.test/python:1',
  runAsUser: 1000,
  runAsGroup: 1000,
  args: ['-m', 'http.server', '8080'],
  // serves the container's whole file tree: the clone and the secret's files
  workingDir: '/',
  tools: [{ id: 'files', type: 'http', title: 'Files', port: 8080 }],
};

/*
 * A private repository on loopback that wants a token: the workspace whose
 * data source has the git credential clones it; one without says why not.
 * The image pull secret of the environment is on the pod. The database
 * plays no part here, so SQLite only.
 */
describe('credentials on the local cluster', () => {
  const kube = getKubeLocal();
  let git: TestGitServer;
  let backend: WorkspacesTestBackend;

  beforeAll(async () => {
    git = await startTestGitServer({
      username: 'x-access-token',
      token: TOKEN,
      content: 'private notes\n',
    });
    const source = {
      type: 'git',
      repository: git.url,
      branch: 'main',
      mountPath: '/data/private',
    };
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId: 'SQLITE_3',
      workspaces: {
        environments: [...buildingBlocksConfig.environments, PYTHON],
        dataSources: [
          ...buildingBlocksConfig.dataSources,
          { ...source, id: 'private', title: 'Private repository' },
          { ...source, id: 'private-no-token', title: 'Without a token' },
        ],
        credentials: [
          {
            id: 'private-token',
            title: 'Token of the private repository',
            type: 'git',
            secretName: 'private-git',
            tokenKey: 'token',
            username: 'x-access-token',
            dataSources: ['private'],
            projects: ['vision'],
          },
          {
            id: 'wandb',
            title: 'Weights & Biases',
            type: 'secret',
            secretName: 'wandb',
            env: { WANDB_API_KEY: 'api-key' },
            mountPath: '/etc/wandb',
            environments: [PYTHON.id],
          },
          {
            id: 'team-registry',
            title: 'Team registry',
            type: 'registry',
            secretName: 'team-regcred',
            environments: [PYTHON.id],
          },
        ],
      },
    }));
    const { core } = adminClients(kube);
    for (const [name, stringData] of [
      ['private-git', { token: TOKEN }],
      ['wandb', { 'api-key': 'wandb-key-value' }],
    ] as const) {
      await core
        .deleteNamespacedSecret({ namespace: 'vision', name })
        .catch(() => undefined);
      await core.createNamespacedSecret({
        namespace: 'vision',
        body: { metadata: { name }, stringData },
      });
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await git?.stop();
  });

  it('clones a private repository with the git credential, pulls with the registry credential and mounts the generic secret', async () => {
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      {
        name: 'private-clone',
        environment: PYTHON.id,
        dataSources: [{ id: 'private' }],
        env: [],
      },
    );
    await waitForStatus(
      backend.server,
      backend.user('bob'),
      workspace.id,
      'Running',
      120_000,
    );
    const { core } = adminClients(kube);
    const pod = await core.readNamespacedPod({
      namespace: 'vision',
      name: 'ws-private-clone-0',
    });
    expect(pod.spec!.imagePullSecrets).toEqual([{ name: 'team-regcred' }]);
    const [clone] = pod.status!.initContainerStatuses!;
    expect(clone.state?.terminated?.exitCode).toBe(0);
    expect(git.authorizedRequests).toBeGreaterThan(0);
    // the token is only a reference in the pod spec
    expect(JSON.stringify(pod.spec)).not.toContain(TOKEN);

    // the clone is what the workspace serves
    const address = pod.status!.podIP!;
    const readme = await fetch(`http://${address}:8080/data/private/README.md`);
    expect(await readme.text()).toBe('private notes\n');
    const key = await fetch(`http://${address}:8080/etc/wandb/api-key`);
    expect(await key.text()).toBe('wandb-key-value');
    expect(
      pod.spec!.containers[0].env!.find(env => env.name === 'WANDB_API_KEY'),
    ).toEqual({
      name: 'WANDB_API_KEY',
      valueFrom: { secretKeyRef: { name: 'wandb', key: 'api-key' } },
    });
  });

  it('clones with the rotated token at the next start', async () => {
    const authorization = backend.user('bob');
    const workspace = await createWorkspace(backend.server, authorization, {
      name: 'rotated',
      environment: PYTHON.id,
      dataSources: [{ id: 'private' }],
      env: [],
    });
    await waitForStatus(backend.server, authorization, workspace.id, 'Running');
    await request(backend.server)
      .post(`/api/workspaces/workspaces/${workspace.id}/stop`)
      .set('Authorization', authorization)
      .expect(202);
    await waitForStatus(backend.server, authorization, workspace.id, 'Stopped');

    // the repository now wants a new token, and the Secret holds it
    const rotated = 'glpat-rotated-token-9876543210';
    git.setToken(rotated);
    const { core } = adminClients(kube);
    await core.replaceNamespacedSecret({
      namespace: 'vision',
      name: 'private-git',
      body: {
        metadata: { name: 'private-git' },
        stringData: { token: rotated },
      },
    });
    const authorizedBefore = git.authorizedRequests;
    await request(backend.server)
      .post(`/api/workspaces/workspaces/${workspace.id}/start`)
      .set('Authorization', authorization)
      .expect(202);
    await waitForStatus(
      backend.server,
      authorization,
      workspace.id,
      'Running',
      120_000,
    );
    expect(git.authorizedRequests).toBeGreaterThan(authorizedBefore);
    git.setToken(TOKEN);
    await core.replaceNamespacedSecret({
      namespace: 'vision',
      name: 'private-git',
      body: { metadata: { name: 'private-git' }, stringData: { token: TOKEN } },
    });
  });

  it('fails clearly when the repository needs a token the data source has not', async () => {
    const refusedBefore = git.refusedRequests;
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      {
        name: 'no-token',
        environment: PYTHON.id,
        dataSources: [{ id: 'private-no-token' }],
        env: [],
      },
    );
    const failed = await waitForStatus(
      backend.server,
      backend.user('bob'),
      workspace.id,
      'Failed',
      120_000,
    );
    expect(git.refusedRequests).toBeGreaterThan(refusedBefore);
    expect(failed.statusReason).toBe('CrashLoopBackOff');
    const { value: explanation } = await waitUntil(
      "the explanation to carry the clone's log",
      async () => {
        const response = await request(backend.server)
          .get(`/api/workspaces/workspaces/${workspace.id}/explanation`)
          .set('Authorization', backend.user('bob'));
        return {
          done: (response.body.details?.logLines ?? []).length > 0,
          value: response.body,
        };
      },
      60_000,
    );
    expect(explanation.details.container).toMatch(/^git-private-no-token/);
    expect(explanation.details.logLines.join('\n')).toMatch(
      /could not read Username|Authentication failed/,
    );
  });
});
