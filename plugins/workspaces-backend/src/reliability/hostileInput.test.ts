import fc from 'fast-check';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { runtimeTestConfig } from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import {
  createBody,
  createWorkspace,
} from '../__testUtils__/workspaceRequests';
import {
  hostilePathSegment,
  hostileSpec,
  hostileString,
  malformedJson,
  unknownKey,
  wrongType,
} from './__testUtils__/hostileArbitraries';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import {
  AuditedCluster,
  isWrite,
  startAuditedCluster,
} from './__testUtils__/startAuditedCluster';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(600_000);

const databases = createTestDatabases();
// PostgreSQL where there is one: its errors (e.g. on NUL bytes) differ from SQLite's
const [[databaseId]] = databases.eachSupportedId();

type Answer = { status: number; body: any; text: string };

/** A path segment; a lone surrogate becomes U+FFFD, as a browser sends it. */
const encodeSegment = (text: string) =>
  encodeURIComponent((text as any).toWellFormed());

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe(`hostile input on every route (${databaseId})`, () => {
  let cluster: AuditedCluster;
  let backend: WorkspacesTestBackend;
  let workspace: { id: string; revision: number };
  const tally = { cases: 0, rejected: 0, accepted: 0, serverErrors: 0 };
  const byStatus = new Map<number, number>();
  let writesBefore = 0;

  const api = (path: string) => `/api/workspaces${path}`;
  const ws = (path = '') => api(`/workspaces/${workspace.id}${path}`);

  /** Checks one answer; `rejections` are the statuses a refusal may have. */
  function check(answer: Answer, rejections: number[], what: string) {
    tally.cases++;
    byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    if (answer.status >= 500) tally.serverErrors++;
    if (answer.status < 400) tally.accepted++;
    else tally.rejected++;
    const message = answer.body?.error?.message;
    expect({
      what,
      status: answer.status,
      rejected: rejections.includes(answer.status),
      hasMessage: typeof message === 'string' && message.length > 0,
    }).toEqual({
      what,
      status: answer.status,
      rejected: true,
      hasMessage: true,
    });
  }

  const runs = { numRuns: reliabilitySizes.fuzzRunsPerRoute };
  const asBob = (test: request.Test) =>
    test.set('Authorization', backend.user('bob'));

  beforeAll(async () => {
    cluster = await startAuditedCluster(['vision']);
    const token = await cluster.pluginToken();
    backend = await startWorkspacesTestBackend({
      databases,
      databaseId,
      // no periodic sweep: every write the plugin makes comes from a request
      config: runtimeTestConfig(cluster.kube, token, {
        kubernetes: { sweepIntervalSeconds: 3600 },
      }),
    });
    // the catalog may take a while to ingest the projects on a busy machine
    workspace = (
      await waitUntil(
        'the project to be in the catalog',
        async () => {
          const created = await createWorkspace(
            backend.server,
            backend.user('bob'),
            { name: 'target', start: false },
          ).catch(() => undefined);
          return { done: Boolean(created), value: created };
        },
        60_000,
        1_000,
      )
    ).value!;
    await waitUntil(
      'the target to be Stopped',
      async () => {
        const { body } = await asBob(request(backend.server).get(ws()));
        return { done: body.status === 'Stopped', value: body.status };
      },
      60_000,
    );
    // what the plugin wrote for the valid create is done before the fuzzing
    await new Promise(resolve => setTimeout(resolve, 1_000));
    writesBefore = cluster.requests().filter(isWrite).length;
    if (writesBefore === 0) {
      throw new Error('the audit log shows no write of the valid create');
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
  });

  it('refuses hostile create bodies with 400 and a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileSpec(createBody({ name: 'fuzz' })),
        async body => {
          const answer = await asBob(
            request(backend.server).post(api('/workspaces')),
          ).send(body);
          check(
            answer,
            [400, 404, 413],
            `create ${JSON.stringify(body).slice(0, 200)}`,
          );
        },
      ),
      runs,
    );
  });

  it('refuses hostile update bodies with 400 and a message', async () => {
    const valid = {
      revision: workspace.revision,
      environment: 'jupyterlab',
      compute: { preset: 'cpu-small' },
      env: [{ name: 'A', value: 'b' }],
    };
    const hostile = fc.oneof(
      hostileSpec(valid).filter(
        body => !('name' in body) && !('project' in body),
      ),
      wrongType('number').map(revision => ({ ...valid, revision })),
      fc.constant({ environment: 'jupyterlab' }),
      fc
        .constantFrom('name', 'project', 'createdBy', 'status', 'id')
        .chain(key => hostileString.map(value => ({ ...valid, [key]: value }))),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async body => {
        const answer = await asBob(request(backend.server).patch(ws())).send(
          body,
        );
        check(
          answer,
          [400, 413],
          `update ${JSON.stringify(body).slice(0, 200)}`,
        );
      }),
      runs,
    );
  });

  it('refuses malformed JSON and oversized bodies on every mutating route', async () => {
    const routes = [
      (t: typeof request) => t(backend.server).post(api('/workspaces')),
      (t: typeof request) => t(backend.server).patch(ws()),
      (t: typeof request) => t(backend.server).post(ws('/start')),
      (t: typeof request) => t(backend.server).post(ws('/stop')),
      (t: typeof request) => t(backend.server).delete(ws()),
      (t: typeof request) =>
        t(backend.server).post(ws('/tools/jupyterlab/connect')),
    ];
    const bodies = fc.oneof(
      malformedJson.map(text => ({ text, expected: [400] })),
      fc.integer({ min: 260_000, max: 600_000 }).map(n => ({
        text: JSON.stringify({ name: 'a'.repeat(n) }),
        // refused before any handler: 413, or 400 where the validator reads first
        expected: [400, 413],
      })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: routes.length - 1 }),
        bodies,
        async (route, { text, expected }) => {
          // start, stop, delete and connect take no body: valid JSON is ignored
          fc.pre(route < 2 || !(parses(text) || text.trim() === ''));
          const answer = await asBob(routes[route](request))
            .set('Content-Type', 'application/json')
            .send(text);
          check(answer, expected, `route ${route} body ${text.slice(0, 100)}`);
        },
      ),
      runs,
    );
  });

  it('answers 400 or 404 for hostile ids and tool names in paths', async () => {
    // a hostile id or tool name, as one path segment
    const encodedSegment = hostilePathSegment.map(encodeSegment);
    const paths = fc.oneof(
      encodedSegment.map(id => ({
        method: 'get',
        path: `/workspaces/${id}`,
      })),
      encodedSegment.map(id => ({
        method: 'patch',
        path: `/workspaces/${id}`,
      })),
      encodedSegment.map(id => ({
        method: 'delete',
        path: `/workspaces/${id}`,
      })),
      encodedSegment.map(id => ({
        method: 'post',
        path: `/workspaces/${id}/start`,
      })),
      encodedSegment.map(id => ({
        method: 'post',
        path: `/workspaces/${id}/stop`,
      })),
      encodedSegment.map(id => ({
        method: 'get',
        path: `/workspaces/${id}/runs`,
      })),
      encodedSegment.map(id => ({
        method: 'get',
        path: `/workspaces/${id}/events`,
      })),
      fc
        .tuple(fc.constantFrom('', workspace.id), encodedSegment)
        .map(([id, tool]) => ({
          method: 'post',
          path: `/workspaces/${id || 'x'}/tools/${tool}/connect`,
        })),
    );
    await fc.assert(
      fc.asyncProperty(paths, async ({ method, path }) => {
        const encoded = path;
        const answer = await asBob(
          (request(backend.server) as any)[method](api(encoded)),
        ).send(method === 'patch' ? { revision: 1 } : undefined);
        check(answer, [400, 404], `${method} ${encoded.slice(0, 200)}`);
      }),
      runs,
    );
    // traversal that is not encoded, as a raw client sends it
    for (const raw of [
      '/workspaces/../workspaces',
      '/workspaces/..%2f..%2fclusters',
      `/workspaces/${workspace.id}/../../summary`,
      '/workspaces/%00',
      '/workspaces/%00/start',
      '/workspaces/%ZZ',
    ]) {
      // these match no route of the plugin: Backstage's own 404 answers them
      const answer = await asBob(request(backend.server).post(api(raw)));
      tally.cases++;
      tally.rejected++;
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      expect({ raw, refused: [400, 404].includes(answer.status) }).toEqual({
        raw,
        refused: true,
      });
    }
  });

  it('answers hostile queries with 200 or 400 and a message', async () => {
    const keys = [
      'project',
      'status',
      'createdBy',
      'q',
      'sort',
      'order',
      'limit',
      'cursor',
      'withTotal',
    ];
    const queries = fc.dictionary(
      fc.oneof(fc.constantFrom(...keys), unknownKey),
      fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })),
      { minKeys: 1, maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/workspaces', '/building-blocks', '/summary'),
        queries,
        async (path, query) => {
          const answer = await asBob(
            request(backend.server).get(api(path)).query(query),
          );
          tally.cases++;
          byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) tally.serverErrors++;
          if (answer.status === 200) {
            tally.accepted++;
            return;
          }
          tally.cases--;
          check(
            answer,
            // an unknown project is 404, as for a project one may not see
            [400, 404],
            `${path} ${JSON.stringify(query).slice(0, 200)}`,
          );
        },
      ),
      runs,
    );
  });

  // without a session the tool listener refuses, whatever the tool host
  it('never fails inside the tool proxy, whatever the host and path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', workspace.id),
        hostilePathSegment,
        fc.array(hostileString, { maxLength: 3 }),
        async (id, tool, rest) => {
          const path = rest.map(encodeSegment).join('/');
          const answer = await request(
            `http://127.0.0.1:${backend.toolHostPort}`,
          )
            .get(`/${path}`)
            .set('Host', `${encodeSegment(tool)}--${id || 'x'}.tools.localhost`)
            .set('Cookie', `workspaces-tool-session=${encodeSegment(tool)}`);
          tally.cases++;
          byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) tally.serverErrors++;
          tally.rejected++;
          expect({
            path,
            status: answer.status >= 300 && answer.status < 500,
          }).toEqual({
            path,
            status: true,
          });
        },
      ),
      runs,
    );
  });

  it('made no Kubernetes write for any of the rejected requests', async () => {
    // a write caused by a request would follow it within a reconcile
    await new Promise(resolve => setTimeout(resolve, 2_000));
    const writes = cluster.requests().filter(isWrite).length - writesBefore;
    const statuses = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}x${count}`)
      .join(' ');
    reportFigures('hostile-input', {
      'fuzz cases tried': tally.cases,
      'rejected (4xx with a message)': tally.rejected,
      'accepted reads (200)': tally.accepted,
      'responses >= 500': tally.serverErrors,
      'answers by status': statuses,
      'Kubernetes writes from rejected requests': writes,
    });
    expect(tally.serverErrors).toBe(0);
    expect(writes).toBe(0);
  });
});
