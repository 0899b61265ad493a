import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: the guest provider, and the demo provider to sign in as a demo user
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('./modules/demoSignInProvider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/workspacesPermissionPolicy'));

// software templates, with the workspaces actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage-workspaces/plugin-scaffolder-backend-module-workspaces'),
);

// Backstage's Kubernetes plugin, on the same cluster as the workspaces
backend.add(import('@backstage/plugin-kubernetes-backend'));

// workspaces
backend.add(import('@backstage-workspaces/plugin-workspaces-backend'));

// MCP: the actions of the plugins in backend.actions.pluginSources (the
// workspace operations) as tools for AI assistants, at /api/mcp-actions/v1
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// search: the PostgreSQL engine on PostgreSQL (the module skips itself on
// another database, and search falls back to its in-memory Lunr engine),
// with the catalog and the workspaces (filtered by each reader's permissions)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(
  import('@backstage-workspaces/plugin-search-backend-module-workspaces'),
);

// notifications and signals
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

backend.start();
