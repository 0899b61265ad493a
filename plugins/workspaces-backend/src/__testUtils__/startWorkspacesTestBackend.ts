import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { workspacesPlugin } from '../plugin';
import { buildingBlocksConfig } from './buildingBlocksConfig';

/**
 * Starts the workspaces plugin in a test backend next to the real catalog
 * backend, which reads the projects of `catalog.yaml`.
 */
export async function startWorkspacesTestBackend(
  options: { config?: Record<string, unknown> } = {},
) {
  const backend = await startTestBackend({
    features: [
      workspacesPlugin,
      catalogPlugin,
      // requests without a token stay anonymous, as in production
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['System'] }],
            processingInterval: { seconds: 1 },
            locations: [
              {
                type: 'file',
                target: resolvePackagePath(
                  '@backstage-workspaces/plugin-workspaces-backend',
                  'src/__testUtils__/catalog.yaml',
                ),
              },
            ],
          },
          workspaces: buildingBlocksConfig,
          ...options.config,
        },
      }),
    ],
  });
  return backend;
}
