/** The plugin id, also the first path segment of the backend API. @public */
export const WORKSPACES_PLUGIN_ID = 'workspaces';

/**
 * Annotation of a project entity naming the Kubernetes namespace its workspaces
 * run in. It is the standard annotation of Backstage's Kubernetes plugin.
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Annotation of a project entity listing further entity refs (users or groups),
 * comma separated, who are assigned to the project besides its owner.
 * @public
 */
export const WORKSPACES_MEMBERS_ANNOTATION = 'workspaces.backstage.io/members';

/**
 * Annotation of a project entity naming the cluster (from the `kubernetes:`
 * config) its workspaces run on, when there is more than one.
 * @public
 */
export const WORKSPACES_CLUSTER_ANNOTATION = 'workspaces.backstage.io/cluster';
