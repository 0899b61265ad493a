/**
 * How to reach a running kube-local control plane. Plain strings (and the
 * pid) so it can travel through environment variables to Jest workers.
 */
export interface KubeLocalConnection {
  /** API server URL, `https://127.0.0.1:PORT`. */
  server: string;
  /** Admin kubeconfig (user in `system:masters`). */
  kubeconfigPath: string;
  /** Base64 PEM of the cluster CA, as in a kubeconfig's `certificate-authority-data`. */
  caData: string;
  /** Bearer token of the admin user. */
  token: string;
  /** Control endpoint, `http://127.0.0.1:PORT` (stop/start the API server). */
  controlUrl: string;
  /** The `--data-dir` of the control plane (etcd data, logs, state.json). */
  dataDir: string;
  /** Process id of the kube-local main process. */
  pid: number;
  /**
   * The block of 127.0.0.0/8 its nodes and pods take their addresses from,
   * e.g. `127.10.0.0/16`; empty for a kube-local from before loopback
   * addresses (whose pods had 10.x addresses).
   */
  addressBlock: string;
}

/** Stopping and starting the API server, to test outages. */
export interface KubeLocalApiServerControl {
  /** Returns once the API server process has exited and its port is closed. */
  stopApiServer(): Promise<void>;
  /** Returns once the API server answers `/readyz` again, on the same port. */
  startApiServer(): Promise<void>;
}

/** A control plane started (or found running) by this process. */
export interface KubeLocal
  extends KubeLocalConnection,
    KubeLocalApiServerControl {
  /**
   * Stops the whole control plane (SIGTERM, then waits for the process to
   * exit) and removes the data directory if it was a temporary one.
   */
  stop(): Promise<void>;
}
