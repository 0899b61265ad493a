import { WorkspacesTestBackend } from './startWorkspacesTestBackend';
import { testUsers } from './testServices';
import { openToolSession, ToolSession } from './toolSession';
import { createWorkspace, waitForStatus } from './workspaceRequests';

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

/**
 * The real JupyterLab's environment with an image kube-local simulates
 * failing to pull (`fail-pull` in its name): a run that fails with
 * ImagePullBackOff.
 */
export const BROKEN_IMAGE = {
  ...REAL_JUPYTERLAB,
  id: 'broken-image',
  title: 'Broken image',
  image: 'registry.example.com/test/fail-pull-notebook:1',
};

/**
 * The hostile tool (tools/kube-local/runtimes/hostile-tool): a page that
 * tries to take its visitor's Backstage session, with the targets given in
 * its URL's fragment, and reports what it got.
 */
export const HOSTILE_TOOL = {
  id: 'hostile-tool',
  title: 'Hostile tool',
  image: 'kube-local.test/hostile-tool:1',
  runAsUser: 1000,
  runAsGroup: 1000,
  tools: [{ id: 'page', type: 'http', title: 'Hostile page', port: 8080 }],
};

/**
 * A running workspace of the real JupyterLab, created by `user` of a test
 * backend, and a browser's session with its JupyterLab.
 */
export async function openRealJupyterLab(
  backend: WorkspacesTestBackend,
  user: keyof typeof testUsers,
  name: string,
): Promise<{ workspace: { id: string; name: string }; session: ToolSession }> {
  const authorization = backend.user(user);
  const workspace = await createWorkspace(backend.server, authorization, {
    name,
    environment: REAL_JUPYTERLAB.id,
  });
  await waitForStatus(
    backend.server,
    authorization,
    workspace.id,
    'Running',
    120_000,
  );
  const session = await openToolSession(
    backend.server,
    authorization,
    workspace.id,
    'jupyterlab',
  );
  return { workspace, session };
}
