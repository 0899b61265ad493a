/**
 * Service factories for the tests of backend modules and apps that use the
 * Workspaces plugin.
 *
 * @packageDocumentation
 */
export {
  mockWorkspacesPermissions,
  mockWorkspacesUserInfo,
} from './mockWorkspacesPermissions';
