import request from 'supertest';
import { createBody } from './workspaceRequests';

/**
 * The API's authorization matrix: every route (the tool listener too) and
 * what each kind of caller gets from it. The matrix with the real auth and
 * permission backends (router/authorization.test.ts) has every caller; the
 * in-process one (router/authorizationInProcess.test.ts) those that mock
 * tokens can express.
 */
export type Caller =
  /** bob, who created the workspace in vision */
  | 'creator'
  /** dave, in vision's owning group */
  | 'assigned'
  /** carol, a platform admin */
  | 'admin'
  /** alice, a member of other projects only */
  | 'other-project'
  /** ghost: a valid token of a user the catalog does not know */
  | 'not-in-catalog'
  /** no Authorization header */
  | 'anonymous'
  /** a token that claims to be carol, an admin, with no signature (alg none) */
  | 'unsigned'
  /** a token that claims to be carol, signed with another key under the auth backend's key id */
  | 'bad-signature'
  /** carol's token, signed with the auth backend's key, expired an hour ago */
  | 'expired'
  /** carol's token, signed with the auth backend's key, for the audience catalog */
  | 'wrong-audience'
  /** a service's static token, used where a user is needed */
  | 'service'
  /** a service's static token restricted to the catalog plugin */
  | 'catalog-only-service';

/** What a route gives each kind of caller. */
export type Expected = {
  creator: number;
  assigned: number;
  admin: number;
  /** other-project and not-in-catalog */
  outsider: number;
  /** anonymous and every token Backstage does not accept; 401 unless said */
  unauthenticated?: number;
  /** service principals; 403 unless said */
  service?: number;
  /** the service token restricted to the catalog plugin; as `service` unless said */
  catalogOnlyService?: number;
};

export function expectedStatus(expected: Expected, caller: Caller): number {
  switch (caller) {
    case 'creator':
    case 'assigned':
    case 'admin':
      return expected[caller];
    case 'other-project':
    case 'not-in-catalog':
      return expected.outsider;
    case 'service':
      return expected.service ?? 403;
    case 'catalog-only-service':
      return expected.catalogOnlyService ?? expected.service ?? 403;
    default:
      return expected.unauthenticated ?? 401;
  }
}

type Target = Parameters<typeof request>[0];

export type Route = {
  name: string;
  /** Sends the request; `id` is the cell's workspace (or name, for create). */
  send: (target: Target, id: string, auth?: string) => request.Test;
  expected: Expected;
  /** How the cell's workspace is created, if not as createBody's (which starts it). */
  created?: Record<string, unknown>;
};

const withAuth = (test: request.Test, auth?: string) =>
  auth ? test.set('Authorization', auth) : test;

const api = (path: string) => `/api/workspaces${path}`;

/** The tool listener (host mode) and the names of the cells' workspaces by id. */
export const toolHost = { port: 0, names: new Map<string, string>() };

/** Routes about one workspace, each sent for a fresh workspace of bob's. */
export const workspaceRoutes: Route[] = [
  // the explanation needs no runtime: without one it explains the record
  ...(['get', 'runs', 'events', 'explanation'] as const).map(name => ({
    name,
    send: (t: Target, id: string, a?: string) =>
      withAuth(
        request(t).get(
          api(`/workspaces/${id}${name === 'get' ? '' : `/${name}`}`),
        ),
        a,
      ),
    expected: { creator: 200, assigned: 200, admin: 200, outsider: 404 },
  })),
  // readers get past authorization; the matrices' backends have no runtime
  // to read a log, events or objects from, so they learn that (501)
  ...(['logs', 'kubernetes-events', 'objects'] as const).map(name => ({
    name,
    send: (t: Target, id: string, a?: string) =>
      withAuth(request(t).get(api(`/workspaces/${id}/${name}`)), a),
    expected: { creator: 501, assigned: 501, admin: 501, outsider: 404 },
  })),
  {
    name: 'update',
    send: (t, id, a) =>
      withAuth(request(t).patch(api(`/workspaces/${id}`)), a).send({
        revision: 1,
        environment: 'vision-lab',
      }),
    expected: { creator: 200, assigned: 403, admin: 200, outsider: 404 },
  },
  ...(['stop', 'start'] as const).map(name => ({
    name,
    send: (t: Target, id: string, a?: string) =>
      withAuth(request(t).post(api(`/workspaces/${id}/${name}`)), a),
    expected: { creator: 202, assigned: 403, admin: 202, outsider: 404 },
  })),
  {
    // the cells' workspaces are to run (desired state Running)
    name: 'keep-alive',
    send: (t, id, a) =>
      withAuth(request(t).post(api(`/workspaces/${id}/keep-alive`)), a),
    expected: { creator: 200, assigned: 403, admin: 200, outsider: 404 },
  },
  {
    // a stopped workspace: keeping it alive resets its dormancy clock
    name: 'keep-alive-stopped',
    created: { start: false },
    send: (t, id, a) =>
      withAuth(request(t).post(api(`/workspaces/${id}/keep-alive`)), a),
    expected: { creator: 200, assigned: 403, admin: 200, outsider: 404 },
  },
  {
    name: 'delete',
    send: (t, id, a) =>
      withAuth(request(t).delete(api(`/workspaces/${id}`)), a),
    expected: { creator: 202, assigned: 403, admin: 202, outsider: 404 },
  },
  {
    name: 'connect',
    send: (t, id, a) =>
      withAuth(
        request(t).post(api(`/workspaces/${id}/tools/jupyterlab/connect`)),
        a,
      ),
    // allowed callers learn that a workspace without a runtime has no tool to open
    expected: { creator: 409, assigned: 409, admin: 409, outsider: 404 },
  },
  {
    name: 'tool',
    // a Backstage token never opens a tool at its host: only a one-time link does
    send: (_t, id, a) =>
      withAuth(
        request(`http://127.0.0.1:${toolHost.port}`)
          .get('/lab')
          .set(
            'Host',
            `jupyterlab--${toolHost.names.get(id)}--vision.tools.localhost`,
          ),
        a,
      ),
    expected: {
      creator: 401,
      assigned: 401,
      admin: 401,
      outsider: 401,
      service: 401,
    },
  },
];

const everyone = { creator: 200, assigned: 200, admin: 200, outsider: 200 };

/** Routes that are not about one workspace. */
export const projectRoutes: Route[] = [
  {
    name: 'health',
    send: (t, _id, a) => withAuth(request(t).get(api('/health')), a),
    expected: { ...everyone, unauthenticated: 200, service: 200 },
  },
  {
    name: 'clusters',
    send: (t, _id, a) => withAuth(request(t).get(api('/clusters')), a),
    expected: everyone,
  },
  // what the catalog lets anyone see; the summary counts only the
  // workspaces the caller may read, as the list does
  ...(
    [
      ['blocks', '/building-blocks'],
      ['list', '/workspaces'],
      ['summary', '/summary'],
      ['quota', '/quota'],
    ] as const
  ).map(([name, path]) => ({
    name,
    send: (t: Target, _id: string, a?: string) =>
      withAuth(request(t).get(api(`${path}?project=system:default/vision`)), a),
    expected: everyone,
  })),
  {
    // the search collator's indexing route: services only, users list theirs
    name: 'search-index',
    send: (t, _id, a) => withAuth(request(t).get(api('/search/workspaces')), a),
    expected: {
      creator: 403,
      assigned: 403,
      admin: 403,
      outsider: 403,
      service: 200,
      catalogOnlyService: 403,
    },
  },
  {
    name: 'create',
    send: (t, id, a) =>
      withAuth(request(t).post(api('/workspaces')), a).send(
        createBody({ name: id, start: false }),
      ),
    expected: { creator: 201, assigned: 201, admin: 201, outsider: 403 },
  },
];

/** A 404 tells nothing more than for a workspace that does not exist. */
export function leaks(response: request.Response, workspaceId: string) {
  return (
    response.status === 404 &&
    response.body.error.message !== `Workspace ${workspaceId} was not found`
  );
}

/** The printed matrix: one row per route, `caller=status` per cell. */
export class MatrixTable {
  private readonly rows: string[] = [];

  add(route: string, cells: string[]) {
    this.rows.push(`${route.padEnd(18)} ${cells.join('  ')}`);
  }

  note(line: string) {
    this.rows.push(line);
  }

  print(title: string) {
    const cells = this.rows.join(' ').split('=').length - 1;
    // eslint-disable-next-line no-console
    console.log(
      `${title}: ${cells} cells (route x caller)\n${this.rows.join('\n')}`,
    );
  }
}
