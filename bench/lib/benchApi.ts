import { BACKEND_URL } from './startProductionBackend';

/** A workspace as the API returns it (the fields the bench reads). */
export interface ApiWorkspace {
  id: string;
  name: string;
  status: string;
  statusSince: string;
}

/** The workspaces API over HTTP, as one user of the bench catalog. */
export class BenchApi {
  private constructor(private readonly token: string) {}

  /** Signs in through the demo provider (x-demo-user), as the demo's sign-in page does. */
  static async signIn(user: string): Promise<BenchApi> {
    const response = await fetch(`${BACKEND_URL}/api/auth/demo/refresh`, {
      headers: { 'x-demo-user': user },
    });
    if (!response.ok) {
      throw new Error(
        `Signing in as ${user}: ${response.status} ${await response.text()}`,
      );
    }
    const body = await response.json();
    return new BenchApi(body.backstageIdentity.token);
  }

  async request(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${BACKEND_URL}/api/workspaces${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  /** A streamed response (e.g. a log followed), once its headers arrive. */
  async open(path: string, signal: AbortSignal): Promise<Response> {
    const response = await fetch(`${BACKEND_URL}/api/workspaces${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal,
    });
    if (!response.ok) {
      throw new Error(
        `GET ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return response;
  }

  create(projectRef: string, name: string): Promise<ApiWorkspace> {
    return this.request('POST', '/workspaces', {
      project: projectRef,
      name,
      environment: 'notebook',
      compute: { preset: 'tiny' },
      dataSources: [{ id: 'home' }],
      start: false,
    });
  }

  start(id: string): Promise<ApiWorkspace> {
    return this.request('POST', `/workspaces/${id}/start`);
  }

  stop(id: string): Promise<ApiWorkspace> {
    return this.request('POST', `/workspaces/${id}/stop`);
  }

  delete(id: string): Promise<ApiWorkspace> {
    return this.request('DELETE', `/workspaces/${id}`);
  }

  /** The workspace, or undefined once it is gone. */
  async get(id: string): Promise<ApiWorkspace | undefined> {
    try {
      return await this.request('GET', `/workspaces/${id}`);
    } catch (error) {
      if (/: 404 /.test(String(error))) return undefined;
      throw error;
    }
  }

  /** Every workspace of a project, 200 a page. */
  async listProject(projectRef: string): Promise<ApiWorkspace[]> {
    const all: ApiWorkspace[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ project: projectRef, limit: '200' });
      if (cursor) query.set('cursor', cursor);
      const page = await this.request('GET', `/workspaces?${query}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** Polls the project until `done` holds for its workspaces. */
  async waitForProject(
    projectRef: string,
    done: (workspaces: ApiWorkspace[]) => boolean,
    timeoutMs: number,
  ): Promise<ApiWorkspace[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const workspaces = await this.listProject(projectRef);
      if (done(workspaces)) return workspaces;
      if (Date.now() > deadline) {
        const counts: Record<string, number> = {};
        for (const w of workspaces)
          counts[w.status] = (counts[w.status] ?? 0) + 1;
        throw new Error(
          `${projectRef}: gave up waiting; statuses ${JSON.stringify(counts)}`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }
}

/** Runs `work` over the items with at most `concurrency` at a time. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
