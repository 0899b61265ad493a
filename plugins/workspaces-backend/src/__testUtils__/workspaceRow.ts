/**
 * A row of the `workspaces` table as the migrations define it, for tests
 * that write the table directly: a workspace `notebook` of the vision
 * project, created at `at`, with `changes` on top.
 */
export function workspaceRow(
  id: string,
  at: Date,
  changes: Record<string, unknown> = {},
) {
  return {
    id,
    name: 'notebook',
    project_ref: 'system:default/vision',
    namespace: 'vision',
    environment_id: 'jupyterlab',
    compute_preset_id: 'cpu-small',
    cpu_millicores: 500,
    memory_bytes: 2 ** 30,
    desired_state: 'Stopped',
    status: 'Stopped',
    status_since: at,
    created_by: 'user:default/bob',
    created_at: at,
    updated_at: at,
    ...changes,
  };
}
