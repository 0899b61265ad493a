/**
 * Environments whose images kube-local's process runtime runs for real
 * (tools/kube-local/runtimes/runtimes.yaml): for the tests that need the tool
 * itself. Other test environments use images kube-local only simulates.
 */
export const REAL_JUPYTERLAB = {
  id: 'real-jupyterlab',
  title: 'JupyterLab (real)',
  image: 'quay.io/jupyter/base-notebook:2025-03-14',
  runAsUser: 1000,
  runAsGroup: 100,
  tools: [
    { id: 'jupyterlab', type: 'jupyterlab', title: 'JupyterLab', port: 8888 },
  ],
};
