import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { useWorkspacesTranslation } from '../../translation';

/**
 * Says plainly when no Kubernetes cluster is configured, and how to configure
 * one; shows nothing otherwise.
 */
export function NoClusterWarning() {
  const workspacesApi = useApi(workspacesApiRef);
  const { t } = useWorkspacesTranslation();
  const { value: clusters } = useAsync(
    () => workspacesApi.getClusters(),
    [workspacesApi],
  );
  if (!clusters || clusters.length > 0) {
    return null;
  }
  return (
    <WarningPanel severity="info" title={t('noCluster.title')} defaultExpanded>
      <Typography>
        {t('noCluster.body', {
          locator: <code>kubernetes.clusterLocatorMethods</code>,
          file: <code>app-config.local.yaml</code>,
          url: <code>url</code>,
          authProvider: <code>authProvider: serviceAccount</code>,
          token: <code>serviceAccountToken</code>,
          caData: <code>caData</code>,
        })}
      </Typography>
    </WarningPanel>
  );
}
