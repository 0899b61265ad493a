import { createServer, Server } from 'http';
import { AddressInfo } from 'net';

/** What the stand-in JupyterLab reports about its use. */
export interface TestJupyterState {
  lastActivity: Date;
  busyKernel: boolean;
}

/**
 * A real HTTP server standing in for JupyterLab's REST API: `/api/status`
 * with its last activity, and `/api/kernels` with one kernel, busy or idle.
 * It records the paths asked for. It listens on 127.0.0.1, where the backend
 * reaches it as a pod of the local control plane that reports 127.0.0.1.
 */
export async function startTestJupyter(initial: TestJupyterState) {
  const state = { ...initial };
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url!);
    const path = new URL(req.url!, 'http://x').pathname;
    res.setHeader('content-type', 'application/json');
    if (path.endsWith('/api/status')) {
      res.end(
        JSON.stringify({
          started: state.lastActivity.toISOString(),
          last_activity: state.lastActivity.toISOString(),
          kernels: 1,
          connections: 0,
        }),
      );
    } else if (path.endsWith('/api/kernels')) {
      res.end(
        JSON.stringify([
          {
            id: 'k1',
            name: 'python3',
            last_activity: state.lastActivity.toISOString(),
            execution_state: state.busyKernel ? 'busy' : 'idle',
            connections: 0,
          },
        ]),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    state,
    paths,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
