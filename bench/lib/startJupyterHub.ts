/*
 * The JupyterHub peer of the bench: JupyterHub with KubeSpawner and
 * configurable-http-proxy (pinned, installed by bench/jupyterhub/install.sh),
 * spawning into namespace `bench-hub` of the bench's kube-local with a
 * ServiceAccount of its own (a Role like the Helm chart's hub Role), pods of
 * the same size, image and volume as a bench workspace's. Everything listens
 * and connects on loopback: the hub, the proxy and its API on 127.0.0.1, the
 * Kubernetes API through a kubeconfig of the loopback kube-local, and each pod
 * reported at 127.0.0.1 (`kube-local.sim/pod-ip`), where one stub HTTP server
 * answers the hub's check that the server is up. A server started with the
 * profile `jupyterlab` is real instead: the single-user image, which
 * kube-local runs as processes on the pod's own loopback address
 * (bench/lib/benchRuntimes.ts).
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { dirname, join } from 'path';
import { stringify } from 'yaml';
import { KubeLocalConnection } from '@internal/kube-local';
import {
  adminClients,
  applyManifests,
} from '../../plugins/workspaces-backend/src/__testUtils__/kubernetesTestCluster';
import { HUB_SINGLEUSER_IMAGE } from './benchRuntimes';
import { rssBytesOf } from './processRss';
import { stopChild } from './stopChild';

export const HUB_NAMESPACE = 'bench-hub';
const HUB_SERVICE_ACCOUNT = 'jupyterhub';

/** The size of a bench workspace's pod (bench/app-config.yaml, preset tiny). */
export interface HubPodSize {
  image: string;
  cpuRequest: number;
  cpuLimit: number;
  memoryRequest: string;
  memoryLimit: string;
  storage: string;
  mountPath: string;
  uid: number;
  gid: number;
}

/** A user's default server as the hub's REST API reports it. */
export interface HubServer {
  ready: boolean;
  pending: string | null;
}

export interface JupyterHub {
  /** The hub's REST API (through the proxy, as a client would), with the service token. */
  request(method: string, path: string, body?: unknown): Promise<any>;
  /** A GET of a user's server through the proxy, with the service token; no redirect followed. */
  serverGet(user: string, path: string): Promise<Response>;
  /** Every user whose name starts with `prefix`, with its default server if it has one. */
  servers(prefix: string): Promise<Map<string, HubServer | undefined>>;
  hubRssBytes(): number;
  proxyRssBytes(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/** The namespace, ServiceAccount, Role and RoleBinding of the hub; a kubeconfig with its token. */
async function prepareHubNamespace(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
  kubeconfigPath: string,
) {
  const ns = HUB_NAMESPACE;
  const name = HUB_SERVICE_ACCOUNT;
  await applyManifests(connection, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: ns },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: ns },
      // as the Helm chart zero-to-jupyterhub's hub Role
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'persistentvolumeclaims', 'secrets', 'services'],
          verbs: ['get', 'watch', 'list', 'create', 'delete'],
        },
        {
          apiGroups: [''],
          resources: ['events'],
          verbs: ['get', 'watch', 'list'],
        },
      ],
    } as any,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    } as any,
  ]);
  const { core } = adminClients(connection);
  const { status } = await core.createNamespacedServiceAccountToken({
    namespace: ns,
    name,
    body: { spec: { audiences: [], expirationSeconds: 4 * 3600 } },
  });
  writeFileSync(
    kubeconfigPath,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'kube-local',
          cluster: {
            server: connection.server,
            'certificate-authority-data': connection.caData,
          },
        },
      ],
      users: [{ name, user: { token: status!.token } }],
      contexts: [
        {
          name: 'kube-local',
          context: { cluster: 'kube-local', user: name, namespace: ns },
        },
      ],
      'current-context': 'kube-local',
    }),
    { mode: 0o600 },
  );
}

/** One loopback server that answers every request: the stand-in for every pod's server. */
async function startStub(): Promise<Server> {
  const stub = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('stub of a single-user server\n');
  });
  await new Promise<void>(r => stub.listen(0, '127.0.0.1', r));
  return stub;
}

const py = (value: unknown) => JSON.stringify(value);

function hubConfig(options: {
  dir: string;
  hubPort: number;
  publicPort: number;
  proxyApiPort: number;
  stubPort: number;
  token: string;
  proxyCommand: string;
  size: HubPodSize;
}): string {
  const { dir, size } = options;
  return `# written by bench/lib/startJupyterHub.ts
c = get_config()  # noqa
# loopback only: the proxy, its API, the hub, and the hub's own address
c.JupyterHub.bind_url = ${py(`http://127.0.0.1:${options.publicPort}`)}
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = ${options.hubPort}
c.JupyterHub.hub_connect_url = ${py(`http://127.0.0.1:${options.hubPort}`)}
c.ConfigurableHTTPProxy.api_url = ${py(
    `http://127.0.0.1:${options.proxyApiPort}`,
  )}
c.ConfigurableHTTPProxy.command = [${py(options.proxyCommand)}]
c.ConfigurableHTTPProxy.pid_file = ${py(join(dir, 'proxy.pid'))}
c.JupyterHub.pid_file = ${py(join(dir, 'hub.pid'))}
c.JupyterHub.db_url = ${py(`sqlite:///${join(dir, 'jupyterhub.sqlite')}`)}
c.JupyterHub.cookie_secret_file = ${py(join(dir, 'cookie_secret'))}
c.JupyterHub.authenticator_class = 'null'
# every request at once: no spawn limit
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.services = [{'name': 'bench', 'api_token': ${py(options.token)}}]
c.JupyterHub.load_roles = [{
    'name': 'bench',
    'scopes': ['list:users', 'read:users', 'admin:users', 'admin:servers', 'access:servers'],
    'services': ['bench'],
}]
c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'
c.KubeSpawner.namespace = ${py(HUB_NAMESPACE)}
c.KubeSpawner.image = ${py(size.image)}
# the default profile: a simulated pod answered by the stub; the other: the
# single-user image, run for real (POST .../server {"profile": "jupyterlab"})
c.KubeSpawner.profile_list = [
    {'display_name': 'stub', 'slug': 'stub', 'default': True,
     'kubespawner_override': {
         'port': ${options.stubPort},
         'extra_annotations': {'kube-local.sim/pod-ip': '127.0.0.1'},
     }},
    {'display_name': 'JupyterLab', 'slug': 'jupyterlab',
     'kubespawner_override': {
         'image': ${py(HUB_SINGLEUSER_IMAGE)},
         'port': 8888,
     }},
]
c.KubeSpawner.cpu_guarantee = ${size.cpuRequest}
c.KubeSpawner.cpu_limit = ${size.cpuLimit}
c.KubeSpawner.mem_guarantee = ${py(size.memoryRequest)}
c.KubeSpawner.mem_limit = ${py(size.memoryLimit)}
c.KubeSpawner.uid = ${size.uid}
c.KubeSpawner.gid = ${size.gid}
c.KubeSpawner.fs_gid = ${size.gid}
# a volume claim per user, kept while the server is stopped (as the Helm chart's default)
c.KubeSpawner.storage_pvc_ensure = True
c.KubeSpawner.storage_capacity = ${py(size.storage)}
c.KubeSpawner.storage_access_modes = ['ReadWriteOnce']
c.KubeSpawner.volumes = [{'name': 'home', 'persistentVolumeClaim': {'claimName': '{pvc_name}'}}]
c.KubeSpawner.volume_mounts = [{'name': 'home', 'mountPath': ${py(
    size.mountPath,
  )}}]
c.KubeSpawner.start_timeout = 600
c.KubeSpawner.http_timeout = 120
`;
}

/** Starts the hub (and through it the proxy) and waits until its API answers. */
export async function startJupyterHub(options: {
  runDir: string;
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>;
  size: HubPodSize;
}): Promise<JupyterHub> {
  const venv = process.env.BENCH_HUB_VENV;
  const chpDir = process.env.BENCH_CHP_DIR;
  if (!venv || !chpDir) {
    throw new Error(
      'Run through ./scripts/bench (bench/jupyterhub/install.sh installs the hub)',
    );
  }
  // a new hub database each run: no users of an earlier one
  const dir = join(options.runDir, 'jupyterhub');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  await prepareHubNamespace(options.connection, kubeconfig);
  const stub = await startStub();
  const token = randomBytes(24).toString('hex');
  const [hubPort, publicPort, proxyApiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const configPath = join(dir, 'jupyterhub_config.py');
  writeFileSync(
    configPath,
    hubConfig({
      dir,
      hubPort,
      publicPort,
      proxyApiPort,
      stubPort: (stub.address() as AddressInfo).port,
      token,
      proxyCommand: join(chpDir, 'node_modules/.bin/configurable-http-proxy'),
      size: options.size,
    }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    // configurable-http-proxy runs on the repository's Node
    PATH: `${join(venv, 'bin')}:${dirname(process.execPath)}:${
      process.env.PATH
    }`,
  };
  // KubeSpawner would take an in-cluster config first
  delete env.KUBERNETES_SERVICE_HOST;
  delete env.KUBERNETES_SERVICE_PORT;
  const log = openSync(join(dir, 'jupyterhub.log'), 'w');
  const child: ChildProcess = spawn(
    join(venv, 'bin/jupyterhub'),
    ['-f', configPath],
    { cwd: dir, env, stdio: ['ignore', log, log] },
  );
  const exited = new Promise<number | null>(r => child.once('exit', r));
  const base = `http://127.0.0.1:${publicPort}/hub/api`;
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`hub ${method} ${path}: ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  };
  const serverGet = (user: string, path: string) =>
    fetch(
      `http://127.0.0.1:${publicPort}/user/${encodeURIComponent(user)}/${path}`,
      { headers: { authorization: `token ${token}` }, redirect: 'manual' },
    );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const up = await request('GET', '/users?limit=1')
      .then(() => true)
      .catch(() => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      stub.close();
      throw new Error(`JupyterHub did not start; see ${dir}/jupyterhub.log`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const proxyPid = Number(readFileSync(join(dir, 'proxy.pid'), 'utf8'));
  return {
    request,
    serverGet,
    async servers(prefix) {
      const found = new Map<string, HubServer | undefined>();
      const limit = 200;
      for (let offset = 0; ; offset += limit) {
        const users: any[] = await request(
          'GET',
          `/users?offset=${offset}&limit=${limit}`,
        );
        for (const user of users) {
          if (user.name.startsWith(prefix)) {
            found.set(user.name, user.servers?.['']);
          }
        }
        if (users.length < limit) return found;
      }
    },
    hubRssBytes: () => rssBytesOf(child.pid!),
    proxyRssBytes: () => rssBytesOf(proxyPid),
    async stop() {
      await stopChild(child, exited);
      try {
        process.kill(proxyPid, 'SIGTERM');
      } catch {
        // gone with the hub
      }
      stub.close();
    },
  };
}
