import { readQuantity } from '../config/configReaders';
import { DataSourceType } from './DataSourceType';

/**
 * Fast temporary space: a generic ephemeral volume, whose claim Kubernetes
 * creates with each pod (so with each run) and deletes with it (so when the
 * workspace stops). Nothing on it survives a stop.
 */
export const scratch: DataSourceType<'scratch'> = {
  readConfig: (config, key) => ({
    size: readQuantity(config, 'size', key),
    storageClassName: config.getOptionalString('storageClassName'),
  }),
  mount: (source, context) => ({
    volume: {
      name: context.volumeName,
      ephemeral: {
        // no workspace labels: the claim belongs to the pod (its owner),
        // not to the workspace, and goes with it
        volumeClaimTemplate: {
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: source.size } },
            ...(source.storageClassName && {
              storageClassName: source.storageClassName,
            }),
          },
        },
      },
    },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
