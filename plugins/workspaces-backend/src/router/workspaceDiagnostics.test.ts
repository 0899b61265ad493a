import { request as httpRequest, IncomingMessage } from 'http';
import { AddressInfo } from 'net';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { startRuntimeTestBackend } from '../__testUtils__/kubernetesTestCluster';
import {
  BROKEN_IMAGE,
  openRealJupyterLab,
  REAL_JUPYTERLAB,
} from '../__testUtils__/realTools';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { ToolSession } from '../__testUtils__/toolSession';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { openLogRequests } from '../kubernetes/WorkspaceInspector';

jest.setTimeout(300_000);

const databases = createTestDatabases();

/** The line JupyterLab's server prints once it listens. */
const STARTED = /Jupyter Server [\d.]+ is running at/;

/** A GET of the API whose body arrives as a stream. */
function streamGet(backend: WorkspacesTestBackend, path: string) {
  const { port } = backend.server.address() as AddressInfo;
  let text = '';
  let ended = false;
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    path: `/api/workspaces${path}`,
    headers: { Authorization: backend.user('bob') },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', res => {
      res.setEncoding('utf8');
      res.on('data', chunk => (text += chunk));
      res.on('end', () => (ended = true));
      res.on('error', () => (ended = true));
      resolve(res);
    });
    req.on('error', reject);
  });
  req.end();
  return {
    response,
    text: () => text,
    ended: () => ended,
    close: () => req.destroy(),
  };
}

/*
 * The diagnostics routes against a real JupyterLab that kube-local's
 * process runtime runs (its logs are the server's own output), and against
 * an image kube-local fails to pull.
 */
describe.each(databases.eachSupportedId())(
  "a workspace's logs, Kubernetes events and objects (%s)",
  databaseId => {
    // the two databases' backends share one control plane
    const named = (name: string) =>
      `${name}-${databaseId === 'SQLITE_3' ? 'sqlite' : 'pg'}`;
    let backend: WorkspacesTestBackend;
    let workspace: { id: string; name: string };
    let session: ToolSession;

    const get = (
      path: string,
      user: Parameters<WorkspacesTestBackend['user']>[0] = 'bob',
    ) =>
      request(backend.server)
        .get(`/api/workspaces/workspaces/${workspace.id}${path}`)
        .set('Authorization', backend.user(user));

    /** Makes JupyterLab write a line to its log: a 404 is logged as a warning. */
    const writeLogLine = async (marker: string) => {
      const response = await session.fetch(`api/contents/${marker}`);
      expect(response.status).toBe(404);
    };

    beforeAll(async () => {
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        workspaces: {
          environments: [
            ...buildingBlocksConfig.environments,
            REAL_JUPYTERLAB,
            BROKEN_IMAGE,
          ],
        },
      }));
      ({ workspace, session } = await openRealJupyterLab(
        backend,
        'bob',
        named('real-logs'),
      ));
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it("answers the log of JupyterLab's container as text, with its start-up lines", async () => {
      const { value: response } = await waitUntil(
        'the start-up line in the log',
        async () => {
          const res = await get('/logs');
          return { done: STARTED.test(res.text ?? ''), value: res };
        },
        30_000,
      );
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(
        'text/plain; charset=utf-8',
      );
      expect(response.text).toMatch(/ServerApp/);
      // the one container of the pod is named as well
      expect((await get('/logs?container=workspace')).text).toMatch(STARTED);
    });

    it('gives only the last `tail` lines, and only the lines of the last `sinceSeconds`', async () => {
      const all = (await get('/logs')).text.split('\n').filter(Boolean);
      expect(all.length).toBeGreaterThan(3);
      const tail = await get('/logs?tail=2');
      const tailLines = tail.text.split('\n').filter(Boolean);
      expect(tailLines).toHaveLength(2);
      expect(all.slice(-2)).toEqual(tailLines);

      // the start-up lines are older than 2 seconds once 3 have passed since
      // they were read; a line written now is not
      await new Promise(resolve => setTimeout(resolve, 3_000));
      const marker = `since-marker-${randomUUID()}`;
      await writeLogLine(marker);
      const { value: recent } = await waitUntil(
        'the new line in the recent log',
        async () => {
          const res = await get('/logs?sinceSeconds=2');
          return { done: res.text.includes(marker), value: res.text };
        },
        10_000,
      );
      expect(recent).not.toMatch(STARTED);
      expect((await get('/logs')).text).toMatch(STARTED);
    });

    it('refuses a wrong tail, sinceSeconds or container with 400, naming the field and what is allowed', async () => {
      const tail = await get('/logs?tail=0');
      expect(tail.status).toBe(400);
      expect(tail.body.error.message).toBe(
        "tail: '0' must be a whole number from 1 to 10000",
      );
      // the cap on lines
      expect((await get('/logs?tail=10001')).body.error.message).toBe(
        "tail: '10001' must be a whole number from 1 to 10000",
      );
      const since = await get('/logs?sinceSeconds=soon');
      expect(since.status).toBe(400);
      expect(since.body.error.message).toMatch(
        /^sinceSeconds: 'soon' must be a whole number/,
      );
      const container = await get('/logs?container=sidecar');
      expect(container.status).toBe(400);
      expect(container.body.error.message).toBe(
        "container: 'sidecar' is not a container of the workspace's pod; use one of workspace",
      );
    });

    it('answers 409 for the previous log of a container that has not restarted', async () => {
      // a restarted container's previous log can't be shown end to end here:
      // a container that exits goes into CrashLoopBackOff, which fails the run
      // and removes its StatefulSet at once, so its pod goes with it
      const previous = await get('/logs?previous=true');
      expect(previous.status).toBe(409);
      expect(previous.body.error.message).toMatch(
        new RegExp(
          `^The workspace's log can't be read: previous terminated container "workspace" in pod "ws-${workspace.name}-0" not found`,
        ),
      );
    });

    it('follows the log: a line written after the request arrives, and a client that goes away closes the request to the API server', async () => {
      const before = openLogRequests();
      const follow = streamGet(
        backend,
        `/workspaces/${workspace.id}/logs?follow=true&tail=5`,
      );
      const response = await follow.response;
      expect(response.statusCode).toBe(200);
      expect(openLogRequests()).toBe(before + 1);
      const marker = `follow-marker-${randomUUID()}`;
      await writeLogLine(marker);
      await waitUntil(
        'the line in the followed log',
        async () => ({
          done: follow.text().includes(marker),
          value: follow.text(),
        }),
        15_000,
      );
      expect(follow.ended()).toBe(false);
      follow.close();
      await waitUntil(
        'the request to the API server to close',
        async () => ({
          done: openLogRequests() === before,
          value: openLogRequests(),
        }),
        10_000,
      );
    });

    it('follows more logs at once than are opened at a time: each open follow streams the new line', async () => {
      const before = openLogRequests();
      // more than the route opens at once (4): an open follow holds no turn
      const follows = Array.from({ length: 10 }, () =>
        streamGet(
          backend,
          `/workspaces/${workspace.id}/logs?follow=true&tail=1`,
        ),
      );
      const responses = await Promise.all(follows.map(f => f.response));
      expect(responses.map(r => r.statusCode)).toEqual(Array(10).fill(200));
      expect(openLogRequests()).toBe(before + 10);
      const marker = `many-followers-${randomUUID()}`;
      await writeLogLine(marker);
      await waitUntil(
        'the line in every followed log',
        async () => ({
          done: follows.every(f => f.text().includes(marker)),
          value: follows.map(f => f.text().includes(marker)),
        }),
        15_000,
      );
      follows.forEach(f => f.close());
      await waitUntil(
        'the requests to the API server to close',
        async () => ({
          done: openLogRequests() === before,
          value: openLogRequests(),
        }),
        10_000,
      );
    });

    it("lists the Kubernetes events of the workspace's objects, newest first, the scheduler's among them", async () => {
      const response = await get('/kubernetes-events');
      expect(response.status).toBe(200);
      const items: any[] = response.body.items;
      const scheduled = items.find(event => event.reason === 'Scheduled');
      expect(scheduled).toMatchObject({
        type: 'Normal',
        count: expect.any(Number),
        source: 'default-scheduler',
        involvedObject: { kind: 'Pod', name: `ws-${workspace.name}-0` },
      });
      expect(scheduled.message).toMatch(
        new RegExp(
          `Successfully assigned vision/ws-${workspace.name}-0 to sim-`,
        ),
      );
      expect(items.map(event => event.reason)).toEqual(
        expect.arrayContaining(['Started', 'SuccessfulCreate']),
      );
      const times = items.map(event => event.time);
      expect(times).toEqual([...times].sort().reverse());
      // the StatefulSet's own events are there too
      expect(
        items.some(event => event.involvedObject.kind === 'StatefulSet'),
      ).toBe(true);
    });

    it('describes the pod, StatefulSet and volume claim as they are', async () => {
      const response = await get('/objects');
      expect(response.status).toBe(200);
      const byKind = Object.fromEntries(
        response.body.items.map((item: any) => [item.kind, item]),
      );
      expect(byKind.Pod).toMatchObject({
        name: `ws-${workspace.name}-0`,
        pod: {
          phase: 'Running',
          nodeName: expect.stringMatching(/^sim-/),
          containers: [
            {
              name: 'workspace',
              init: false,
              image: REAL_JUPYTERLAB.image,
              ready: true,
              restartCount: 0,
              state: { state: 'running' },
            },
          ],
        },
      });
      expect(byKind.Pod.pod.conditions).toEqual(
        expect.arrayContaining([
          {
            type: 'Ready',
            status: 'True',
            lastTransitionTime: expect.any(String),
          },
        ]),
      );
      expect(byKind.StatefulSet).toMatchObject({
        name: `ws-${workspace.name}`,
        statefulSet: { replicas: 1, readyReplicas: 1 },
      });
      expect(byKind.PersistentVolumeClaim).toMatchObject({
        name: `ws-${workspace.name}-home`,
        volumeClaim: {
          phase: 'Bound',
          requested: '20Gi',
          capacity: '20Gi',
          storageClassName: 'standard',
          volumeName: expect.stringMatching(/^pvc-/),
        },
      });
    });

    it('gives a member who is not the creator the same, and someone outside the project 404 as for the workspace', async () => {
      expect((await get('/objects', 'dave')).status).toBe(200);
      for (const path of ['/logs', '/kubernetes-events', '/objects']) {
        const outsider = await get(path, 'alice');
        expect(outsider.status).toBe(404);
        expect(outsider.body.error.message).toBe(
          `Workspace ${workspace.id} was not found`,
        );
      }
    });

    it('ends a follow when the workspace stops, and then answers 409 for its logs while its claim stays', async () => {
      const follow = streamGet(
        backend,
        `/workspaces/${workspace.id}/logs?follow=true&tail=1`,
      );
      expect((await follow.response).statusCode).toBe(200);
      const stop = await request(backend.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/stop`)
        .set('Authorization', backend.user('bob'));
      expect(stop.status).toBe(202);
      await waitUntil(
        'the followed log to end',
        async () => ({ done: follow.ended(), value: follow.text() }),
        60_000,
      );
      await waitForStatus(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'Stopped',
        60_000,
      );
      const logs = await get('/logs');
      expect(logs.status).toBe(409);
      expect(logs.body.error.message).toBe(
        `Workspace ${workspace.name} has no pod, so no logs: it is not running; start it to see its logs`,
      );
      // a stopped workspace keeps only its volume claim (what its
      // StatefulSet owned goes with it, by the garbage collector)
      const kinds = await waitUntil(
        'the Objects tab to show only the volume claim',
        async () => {
          const items = (await get('/objects')).body.items;
          const value = items.map((item: any) => item.kind).sort();
          return { done: value.join() === 'PersistentVolumeClaim', value };
        },
        60_000,
      );
      expect(kinds.value).toEqual(['PersistentVolumeClaim']);
      expect(openLogRequests()).toBe(0);
    });

    it('shows why an image that cannot be pulled failed: the events name the image and the pull error', async () => {
      const broken = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: named('broken-image'),
          environment: BROKEN_IMAGE.id,
        },
      );
      await waitForStatus(
        backend.server,
        backend.user('bob'),
        broken.id,
        'Failed',
        60_000,
      );
      const events = await request(backend.server)
        .get(`/api/workspaces/workspaces/${broken.id}/kubernetes-events`)
        .set('Authorization', backend.user('bob'));
      expect(events.status).toBe(200);
      const failed = events.body.items.filter(
        (event: any) => event.type === 'Warning' && event.reason === 'Failed',
      );
      expect(failed.map((event: any) => event.message)).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            `Failed to pull image "${BROKEN_IMAGE.image}"`,
          ),
        ]),
      );
      // the failed run gave its workload back; its volume claim stays
      const objects = await waitUntil(
        "the failed run's workload removed",
        async () => {
          const items = (
            await request(backend.server)
              .get(`/api/workspaces/workspaces/${broken.id}/objects`)
              .set('Authorization', backend.user('bob'))
          ).body.items;
          const value = items.map((item: any) => item.kind);
          return { done: !value.includes('StatefulSet'), value };
        },
        60_000,
      );
      expect(objects.value).toContain('PersistentVolumeClaim');
    });
  },
);
