import { getKubeLocal, kubernetesClusterConfig } from '@internal/kube-local';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Watch } from '@kubernetes/client-node';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import knexFactory from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  adminClients,
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import { createAdminKubeConfig } from '@internal/kube-local';
import {
  checkConvergence,
  DesiredStates,
} from './__testUtils__/checkConvergence';
import { BackendProcess } from '../__testUtils__/backendProcess/BackendProcess';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  WORKSPACE_ID_LABEL,
} from '../kubernetes/labels';

jest.setTimeout(1_800_000);

const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if (process.env.CI && !postgres) {
  throw new Error(
    'The crash test runs on PostgreSQL: source scripts/postgres.sh',
  );
}
// a local run without PostgreSQL has nothing to crash against
const describeOnPostgres = postgres ? describe : describe.skip;

type State = 'Running' | 'Stopped' | 'Deleted';
/** One name of the workload: its workspace, and what the user asked of it. */
type Slot = {
  name: string;
  id?: string;
  revision?: number;
  /** The last intent the backend acknowledged (2xx). */
  acknowledged?: State;
  acknowledgedValue?: string;
  /** Intents sent but not answered (the backend was killed meanwhile). */
  unanswered: Array<{ state?: State; value?: string }>;
  /** Never deleted: half the slots, so that half the workspaces must survive. */
  kept: boolean;
};

describeOnPostgres(
  'crash convergence: the backend SIGKILLed during operations',
  () => {
    const sizes = reliabilitySizes;
    const namespace = 'crash';
    const prefix = `crash_${Date.now().toString(36)}_`;
    let backend: BackendProcess;
    let token: string;
    const figures = {
      operations: 0,
      acknowledged: 0,
      unanswered: 0,
      refused: 0,
      kills: 0,
      /** Kills that cut a call sent before them: it got no answer. */
      killsDuringCalls: 0,
    };
    /** The calls sent and not yet answered or failed. */
    const inFlight = new Set<{ answered?: boolean }>();

    beforeAll(async () => {
      const kube = getKubeLocal();
      const pluginToken = await prepareTestCluster(kube, [namespace]);
      const { workspaces } = runtimeTestConfig(kube, pluginToken);
      backend = await BackendProcess.create({
        dir: mkdtempSync(join(tmpdir(), 'workspaces-crash-')),
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            database: { client: 'pg', connection: postgres, prefix },
          },
          auth: {
            environment: 'development',
            providers: {
              guest: {
                userEntityRef: 'user:default/bob',
                ownershipEntityRefs: ['user:default/bob'],
                dangerouslyAllowOutsideDevelopment: true,
              },
            },
          },
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['System'] }],
            processingInterval: { seconds: 1 },
            locations: [
              {
                type: 'file',
                target: resolvePackagePath(
                  '@backstage-workspaces/plugin-workspaces-backend',
                  'src/reliability/__testUtils__/crash/crashCatalog.yaml',
                ),
              },
            ],
          },
          workspaces,
          kubernetes: kubernetesClusterConfig(kube, pluginToken),
        },
      });
      token = await backend.start(projectIsReady);
    });

    /** The guest's token, once the guest can use the crash project. */
    async function projectIsReady() {
      const guest = await backend.signInAsGuest();
      const project = await fetch(
        `${backend.baseUrl}/api/workspaces/building-blocks?project=system:default/crash`,
        { headers: { authorization: `Bearer ${guest}` } },
      );
      return project.status === 200 ? guest : undefined;
    }

    afterAll(async () => {
      await backend?.stop();
      // the per-plugin databases of this run
      const admin = knexFactory({ client: 'pg', connection: postgres });
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      }
      await admin.destroy();
    });

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${backend.baseUrl}/api/workspaces${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };

    /** One random operation on a slot, chosen by what the slot has. */
    async function operate(slot: Slot, random: () => number) {
      const existing = slot.id && slot.acknowledged !== 'Deleted';
      const choice = random();
      let intent: { state?: State; value?: string };
      let send: () => Promise<{ status: number; body: any }>;
      if (!existing) {
        const start = choice < 0.5;
        const value = `v${figures.operations}`;
        intent = { state: start ? 'Running' : 'Stopped', value };
        send = () =>
          call('POST', '/workspaces', {
            project: 'system:default/crash',
            name: slot.name,
            environment: 'jupyterlab',
            compute: { preset: 'cpu-small' },
            dataSources: [{ id: 'home', size: '1Gi' }],
            env: [{ name: 'VALUE', value }],
            start,
          });
      } else if (choice < 0.3) {
        intent = { state: 'Running' };
        send = () => call('POST', `/workspaces/${slot.id}/start`);
      } else if (choice < 0.6) {
        intent = { state: 'Stopped' };
        send = () => call('POST', `/workspaces/${slot.id}/stop`);
      } else if (choice < 0.92 || slot.kept) {
        const value = `v${figures.operations}`;
        intent = { value };
        send = () =>
          call('PATCH', `/workspaces/${slot.id}`, {
            revision: slot.revision,
            env: [{ name: 'VALUE', value }],
          });
      } else {
        intent = { state: 'Deleted' };
        send = () => call('DELETE', `/workspaces/${slot.id}`);
      }
      figures.operations++;
      let answer: { status: number; body: any };
      const sent: { answered?: boolean } = {};
      inFlight.add(sent);
      try {
        answer = await send();
        sent.answered = true;
      } catch {
        sent.answered = false;
        figures.unanswered++;
        slot.unanswered.push(intent);
        return;
      } finally {
        inFlight.delete(sent);
      }
      if (answer.status >= 500) {
        throw new Error(`${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      if (answer.status >= 400) {
        // e.g. a stale revision after an unanswered update: learn the truth
        figures.refused++;
        return;
      }
      figures.acknowledged++;
      slot.unanswered = [];
      slot.id = answer.body.id;
      slot.revision = answer.body.revision;
      slot.acknowledged =
        intent.state === 'Deleted' ? 'Deleted' : answer.body.desiredState;
      // a start or stop answers with the workspace as it is: an update left
      // unanswered before a kill may have landed, and this answer says so
      const answeredValue = answer.body.env?.find(
        (e: any) => e.name === 'VALUE',
      )?.value;
      slot.acknowledgedValue =
        intent.value ?? answeredValue ?? slot.acknowledgedValue;
    }

    /** After a restart: what the database says of each slot. */
    async function resync(slots: Slot[]) {
      const { body } = await call(
        'GET',
        '/workspaces?project=system:default/crash&limit=200',
      );
      for (const slot of slots) {
        const found = body.items.find((w: any) => w.name === slot.name);
        if (found && found.desiredState !== 'Deleted') {
          slot.id = found.id;
          slot.revision = found.revision;
        } else if (!found && slot.unanswered.length && !slot.acknowledged) {
          slot.id = undefined;
        }
      }
    }

    /**
     * SIGKILLs the backend after `ms`, at the next moment a call is in
     * flight; resolves with the calls it caught in flight.
     */
    const killDuringCall = (ms: number) =>
      new Promise<Array<{ answered?: boolean }>>(resolve =>
        setTimeout(async () => {
          const deadline = Date.now() + 30_000;
          while (inFlight.size === 0 && Date.now() < deadline) {
            await new Promise(next => setTimeout(next, 2));
          }
          const caught = [...inFlight];
          await backend.kill();
          resolve(caught);
        }, ms),
      );

    it('converges after every kill, loses no acknowledged intent and leaks nothing', async () => {
      let seed = 11;
      // a seeded generator, so a failing run can be replayed
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const slots: Slot[] = Array.from(
        { length: sizes.crashWorkspaces },
        (_, i) => ({
          name: `crash-${i}`,
          unanswered: [],
          kept: i < Math.ceil(sizes.crashWorkspaces / 2),
        }),
      );
      // every claim UID each workspace ever had
      const claimUids = new Map<string, Set<string>>();
      // a file on each workspace's volume, written once its claim is bound:
      // the data, not only the claim, must outlive the kills
      const { core } = adminClients(getKubeLocal());
      const markers = new Map<string, string>(); // workspace id -> file
      const writeMarker = async (id: string, volumeName: string) => {
        const volume = await core.readPersistentVolume({ name: volumeName });
        const file = join(volume.spec!.hostPath!.path, `crash-${id}.txt`);
        writeFileSync(file, id);
        markers.set(id, file);
      };
      const watch = await new Watch(
        createAdminKubeConfig(getKubeLocal()),
      ).watch(
        `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
        {},
        (_phase, claim) => {
          const id = claim.metadata?.labels?.[WORKSPACE_ID_LABEL];
          if (!id) return;
          if (!claimUids.has(id)) claimUids.set(id, new Set());
          claimUids.get(id)!.add(claim.metadata.uid);
          if (claim.spec?.volumeName && !markers.has(id)) {
            markers.set(id, '');
            void writeMarker(id, claim.spec.volumeName).catch(() =>
              markers.delete(id),
            );
          }
        },
        () => undefined,
      );

      /** Three users at once, each on workspaces of its own, until `done`. */
      const runUsers = (done: () => boolean) =>
        Promise.all(
          [0, 1, 2].map(async lane => {
            while (!done()) {
              const mine = slots.filter((_, i) => i % 3 === lane);
              await operate(mine[Math.floor(random() * mine.length)], random);
              // a user's pause between calls, so the kill meets calls in flight
              await new Promise(resolve => setTimeout(resolve, random() * 150));
            }
          }),
        );

      // the users work until each kill, which lands at a random moment on a
      // call in flight; the backend restarts and they go on. A call the
      // backend answered just before the kill (its answer not yet read, on
      // a loaded machine) was not cut: such a kill is one more, not one of
      // the kills during calls the test asks for (at most three times as
      // many kills in all)
      while (
        figures.killsDuringCalls < sizes.crashKills &&
        figures.kills < 3 * sizes.crashKills
      ) {
        const killed = { done: false };
        const killer = killDuringCall(200 + random() * 1_500).then(caught => {
          killed.done = true;
          return caught;
        });
        await runUsers(() => killed.done);
        const caught = await killer;
        figures.kills++;
        if (caught.some(sent => sent.answered === false)) {
          figures.killsDuringCalls++;
        }
        token = await backend.start(projectIsReady);
        await resync(slots);
      }
      // then calls to the restarted backend, up to the workload's size
      const lastBatchEnd = Math.max(
        sizes.crashOperations,
        figures.operations +
          Math.ceil(sizes.crashOperations / (sizes.crashKills + 1)),
      );
      await runUsers(() => figures.operations >= lastBatchEnd);

      // convergence: within 30 s of the last restart or operation
      const { objects } = adminClients(getKubeLocal());
      let lastProblems: string[] = [];
      const converged = await waitUntil(
        'convergence',
        async () => {
          const { body } = await call(
            'GET',
            '/workspaces?project=system:default/crash&limit=200',
          );
          const states: DesiredStates = new Map();
          const statuses = new Map<string, string>();
          for (const w of body.items) {
            if (w.desiredState === 'Deleted') continue;
            states.set(w.id, w.desiredState);
            statuses.set(w.id, w.status);
          }
          const { problems } = await checkConvergence({
            objects,
            namespace,
            desired: states,
            statuses,
            claimUids: new Map(),
          });
          lastProblems = problems;
          return { done: problems.length === 0, value: problems };
        },
        60_000,
      ).catch(error => {
        throw new Error(`${error.message}\n${lastProblems.join('\n')}`);
      });
      watch.abort();

      // no acknowledged intent lost, and nothing done that nobody asked for
      const { body } = await call(
        'GET',
        '/workspaces?project=system:default/crash&limit=200',
      );
      const lost: string[] = [];
      for (const slot of slots) {
        const found = body.items.find(
          (w: any) => w.name === slot.name && w.desiredState !== 'Deleted',
        );
        const state: State | undefined =
          found?.desiredState ?? (slot.id ? 'Deleted' : undefined);
        const allowed = new Set<State | undefined>([
          slot.acknowledged,
          ...slot.unanswered.map(i => i.state ?? slot.acknowledged),
        ]);
        if (!allowed.has(state)) {
          lost.push(
            `${slot.name}: ${state}, acknowledged ${slot.acknowledged}`,
          );
        }
        if (found && slot.acknowledgedValue) {
          const value = found.env.find((e: any) => e.name === 'VALUE')?.value;
          const values = new Set([
            slot.acknowledgedValue,
            ...slot.unanswered.flatMap(i => (i.value ? [i.value] : [])),
          ]);
          if (!values.has(value)) {
            lost.push(
              `${slot.name}: VALUE=${value}, acknowledged ${slot.acknowledgedValue}`,
            );
          }
        }
      }
      const surviving = body.items
        .filter((w: any) => w.desiredState !== 'Deleted')
        .map((w: any) => w.id);
      const replacedClaims = surviving.filter(
        (id: string) => (claimUids.get(id)?.size ?? 0) !== 1,
      );
      const withFiles = surviving.filter((id: string) => markers.get(id));
      const countLostFiles = () =>
        withFiles.filter((id: string) => {
          const file = markers.get(id)!;
          return !existsSync(file) || readFileSync(file, 'utf8') !== id;
        }).length;
      const lostFiles = countLostFiles();
      // what is left in the namespace now, observed once more
      const finalStates: DesiredStates = new Map(
        body.items
          .filter((w: any) => w.desiredState !== 'Deleted')
          .map((w: any) => [w.id, w.desiredState]),
      );
      const observeLeftOver = async () =>
        (
          await checkConvergence({
            objects,
            namespace,
            desired: finalStates,
            statuses: new Map(),
            claimUids: new Map(),
          })
        ).leftOver;
      const leaked = await observeLeftOver();
      reportFigures('crash-convergence', {
        'operations run': figures.operations,
        'acknowledged (2xx)': figures.acknowledged,
        'refused (4xx, e.g. stale revision)': figures.refused,
        'unanswered (the backend was killed)': figures.unanswered,
        'kills survived': figures.kills,
        'kills that cut a call in flight': figures.killsDuringCalls,
        'backend ready after a start (s, max)': Math.max(
          ...backend.readySeconds,
        ).toFixed(1),
        'converged after the last operation (s)': (converged.ms / 1000).toFixed(
          1,
        ),
        'surviving workspaces': surviving.length,
        'lost intents': lost.length,
        'leaked objects': leaked.length,
        'replaced volume claims': replacedClaims.length,
        'files checked on volumes': withFiles.length,
        'files lost': lostFiles,
      });
      // a run where the calls were refused, the kills missed them, or the
      // workspaces went away would check nothing (the kept half of the
      // slots is never deleted, so it must be there)
      expect(figures.acknowledged).toBeGreaterThanOrEqual(
        figures.operations / 2,
      );
      expect(figures.killsDuringCalls).toBe(sizes.crashKills);
      expect(surviving.length).toBeGreaterThanOrEqual(
        Math.ceil(sizes.crashWorkspaces / 2),
      );
      expect(lost).toEqual([]);
      expect(leaked).toEqual([]);
      expect(replacedClaims).toEqual([]);
      expect(withFiles.length).toBeGreaterThan(0);
      expect(lostFiles).toBe(0);
      // negative control: a file removed behind the plugin's back is seen
      rmSync(markers.get(withFiles[0])!);
      expect(countLostFiles()).toBe(1);
      // negative control: an object with the plugin's labels whose workspace
      // is gone is seen as leaked
      const leak = {
        metadata: {
          name: 'leaked-by-the-test',
          labels: {
            [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
            [WORKSPACE_ID_LABEL]: 'gone',
          },
        },
        spec: { ports: [{ port: 80 }] },
      };
      await core.createNamespacedService({ namespace, body: leak });
      expect(await observeLeftOver()).toEqual([
        'Service/leaked-by-the-test is left over from workspace gone',
      ]);
      await core.deleteNamespacedService({
        namespace,
        name: leak.metadata.name,
      });
      expect(converged.ms).toBeLessThan(30_000);
    });
  },
);
