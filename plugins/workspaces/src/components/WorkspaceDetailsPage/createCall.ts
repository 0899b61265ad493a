import {
  CreateWorkspaceRequest,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';

/** The create request that makes a workspace like this one. */
export function createRequestOf(workspace: Workspace): CreateWorkspaceRequest {
  return {
    project: workspace.project,
    name: workspace.name,
    environment: workspace.environment,
    compute: workspace.compute,
    dataSources: workspace.dataSources,
    env: workspace.env.map(({ name, value, secret }) =>
      secret ? { name, value: '<secret>', secret } : { name, value },
    ),
    start: true,
  };
}

/**
 * The curl command that creates a workspace like this one through the API;
 * secret values are left as a placeholder.
 */
export function createCallOf(workspace: Workspace, baseUrl: string): string {
  const body = JSON.stringify(createRequestOf(workspace), null, 2).replace(
    /'/g,
    "'\\''",
  );
  return [
    `curl -X POST '${baseUrl}/workspaces' \\`,
    `  -H "Authorization: Bearer $BACKSTAGE_TOKEN" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ].join('\n');
}
