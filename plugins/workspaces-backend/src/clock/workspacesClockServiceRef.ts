import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** The time as the plugin sees it. */
export interface WorkspacesClock {
  now(): Date;
}

/**
 * The plugin's clock: the real time, unless a test backend replaces it to
 * move lifecycle policies through hours in seconds.
 * @internal
 */
export const workspacesClockServiceRef = createServiceRef<WorkspacesClock>({
  id: 'workspaces.clock',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => new Date() }),
    }),
});
