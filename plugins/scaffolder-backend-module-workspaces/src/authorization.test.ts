import { callers, Caller, expected } from './__testUtils__/actionsMatrix';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createRestrictedNamespaces,
  getKubeLocal,
  kubernetesClusterConfig,
} from '@internal/kube-local';
// the shipped backend in a child process, as the workspaces API's matrix runs
// it: a test harness of the backend package, which exports no test code
// eslint-disable-next-line @backstage/no-mixed-plugin-imports, @backstage/no-forbidden-package-imports
import {
  ShippedBackend,
  startShippedBackend,
} from '@backstage-workspaces/plugin-workspaces-backend/src/__testUtils__/backendProcess/startShippedBackend';
import {
  NAMESPACE,
  PROJECT,
  TEST_USERS,
  workspacesConfig,
} from './__testUtils__/startBackendWithWorkspaces';

/*
 * The scaffolder actions' authorization matrix against the shipped backend
 * (packages/backend) in a child process: each cell is a real scaffolder task,
 * started through the scaffolder's API with the token the user got from the
 * real auth backend (demo provider); the actions call the Workspaces API with
 * the on-behalf-of token the scaffolder derives from it, and the real
 * permission backend decides with the shipped policy. The in-process variant
 * (authorizationInProcess.test.ts) calls the action handlers directly.
 */

jest.setTimeout(300_000);

const packageFile = (path: string) =>
  resolvePackagePath(
    '@backstage-workspaces/plugin-scaffolder-backend-module-workspaces',
    path,
  );

/** The step of the matrix template that runs each action. */
const stepOf: Record<string, string> = {
  'workspaces:building-blocks:get': 'blocks',
  'workspaces:create': 'create',
  'workspaces:start': 'start',
  'workspaces:stop': 'stop',
};

type TaskEvent = {
  type: string;
  body: { message?: string; status?: string; stepId?: string };
};

describe('the actions act with the permissions of the user running the template (real scaffolder tasks, real auth and permission backends)', () => {
  let backend: ShippedBackend;
  let targetId: string;
  const tokens = new Map<Caller, string>();
  const cells: string[] = [];
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    const kube = getKubeLocal();
    await createRestrictedNamespaces(kube, [NAMESPACE]);
    backend = await startShippedBackend({
      database: 'SQLITE_3',
      catalogFiles: [
        packageFile('src/__testUtils__/catalog.yaml'),
        packageFile('src/__testUtils__/org.yaml'),
        packageFile('src/__testUtils__/actionsMatrixTemplate.yaml'),
      ],
      workspaces: workspacesConfig,
      // the admin's token: these tests are about the actions; the backend's
      // own tests run with the least-privilege role of deploy/rbac.yaml
      kubernetes: kubernetesClusterConfig(kube, kube.token),
      guest: {
        userEntityRef: 'user:default/ghost',
        ownershipEntityRefs: ['user:default/ghost'],
      },
      // every user can sign in and the template is in the catalog
      async ready(b) {
        const token = await b.signIn('dave');
        const template = await fetch(
          `${b.baseUrl}/api/catalog/entities/by-name/template/default/workspaces-actions-matrix`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return template.status === 200;
      },
    });
    for (const caller of Object.keys(callers) as Caller[]) {
      tokens.set(caller, await backend.signIn(caller));
    }
    const created = await fetch(
      `${backend.baseUrl}/api/workspaces/workspaces`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.get('alice')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          project: PROJECT,
          name: 'authz-target',
          environment: 'jupyterlab',
          compute: { preset: 'cpu-small' },
          dataSources: [],
          env: [],
          start: false,
        }),
      },
    );
    if (created.status !== 201) {
      throw new Error(`create answered ${created.status}`);
    }
    targetId = (await created.json()).id;
  });

  afterAll(async () => {
    await backend?.stop();
    // eslint-disable-next-line no-console
    console.log(
      [
        `Scaffolder actions x callers, real tasks (${Math.round(
          (Date.now() - started) / 1000,
        )} s): ${cells.length} cells`,
        ...cells,
      ].join('\n'),
    );
  });

  /** Starts a task of the matrix template; the scaffolder's answer. */
  function startTask(values: Record<string, string>, token?: string) {
    return fetch(`${backend.baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        templateRef: 'template:default/workspaces-actions-matrix',
        values,
      }),
    });
  }

  /** Waits for a task to end; its status and the message of its failed step. */
  async function taskOutcome(id: string, token: string) {
    const headers = { authorization: `Bearer ${token}` };
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const task = await (
        await fetch(`${backend.baseUrl}/api/scaffolder/v2/tasks/${id}`, {
          headers,
        })
      ).json();
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        const events: TaskEvent[] = await (
          await fetch(
            `${backend.baseUrl}/api/scaffolder/v2/tasks/${id}/events`,
            { headers },
          )
        ).json();
        const failure = events.find(
          e => e.type === 'log' && e.body.status === 'failed',
        );
        return {
          status: task.status,
          // the first line: the error (a stack trace follows)
          error: failure?.body.message?.split('\n')[0],
          /** The steps that ran to completion (the others were skipped by their `if`). */
          completedSteps: events
            .filter(e => e.type === 'log' && e.body.status === 'completed')
            .map(e => e.body.stepId),
        };
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`task ${id} did not end in 120 s`);
  }

  function valuesFor(action: string, caller: Caller): Record<string, string> {
    if (action === 'workspaces:building-blocks:get') {
      return { action, project: PROJECT };
    }
    if (action === 'workspaces:create') {
      return { action, project: PROJECT, name: `authz-${caller}` };
    }
    return { action, workspaceId: targetId };
  }

  describe.each(Object.keys(expected))('%s', action => {
    it.each(Object.keys(callers) as Caller[])('as %s', async caller => {
      const token = tokens.get(caller)!;
      const response = await startTask(valuesFor(action, caller), token);
      expect(response.status).toBe(201);
      const { id } = await response.json();
      const outcome = await taskOutcome(id, token);
      // allowed: the task completed and the action's own step ran
      const allowed =
        outcome.status === 'completed' &&
        outcome.completedSteps.includes(stepOf[action]);
      cells.push(
        `${action.padEnd(32)} ${callers[caller].padEnd(26)} ${
          allowed ? 'allowed' : `refused: ${outcome.error}`
        }`,
      );
      // a refusal says why: not permitted, or (for what the caller may not
      // even read) not found
      const refusal =
        /^(NotAllowedError: No permission: |NotFoundError: Workspace \S+ was not found$)/;
      expect({
        allowed,
        explained: allowed ? undefined : refusal.test(outcome.error ?? ''),
      }).toEqual({
        allowed: expected[action][caller],
        explained: expected[action][caller] ? undefined : true,
      });
    });
  });

  it.each([
    ['anonymous', undefined],
    ['bad signature', 'forged'],
  ] as const)(
    'starts no task for a caller without a valid user token (%s)',
    async (name, kind) => {
      const token =
        kind === 'forged'
          ? backend.signWithForeignKey({
              sub: 'user:default/carol',
              ent: [...TEST_USERS.carol],
              expiresInSeconds: 3600,
            })
          : undefined;
      const response = await startTask(
        valuesFor('workspaces:create', 'carol'),
        token,
      );
      cells.push(
        `${'(start a task)'.padEnd(32)} ${name.padEnd(26)} ${response.status}`,
      );
      expect(response.status).toBe(401);
    },
  );
});
