import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';

/**
 * Says plainly when no Kubernetes cluster is configured, and how to configure
 * one; shows nothing otherwise.
 */
export function NoClusterWarning() {
  const workspacesApi = useApi(workspacesApiRef);
  const { value: clusters } = useAsync(
    () => workspacesApi.getClusters(),
    [workspacesApi],
  );
  if (!clusters || clusters.length > 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="info"
      title="No Kubernetes cluster is configured"
      defaultExpanded
    >
      <Typography>
        Workspaces can be created, but they will not run until a cluster is
        configured. Add one under <code>kubernetes.clusterLocatorMethods</code>{' '}
        in <code>app-config.local.yaml</code> (a cluster with <code>url</code>,{' '}
        <code>authProvider: serviceAccount</code>,{' '}
        <code>serviceAccountToken</code> and <code>caData</code>), the same
        configuration Backstage's Kubernetes plugin uses. The demo starts a
        local control plane when Go is installed.
      </Typography>
    </WarningPanel>
  );
}
