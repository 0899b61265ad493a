import {
  readOneOf,
  readOptionalQuantity,
  readQuantity,
} from '../config/configReaders';
import { DataSourceType } from './DataSourceType';

/** A new volume claim per workspace, kept across stops (and deletion, with `retain`). */
export const volume: DataSourceType<'volume'> = {
  readConfig: (config, key) => ({
    size: readQuantity(config, 'size', key),
    maxSize: readOptionalQuantity(config, 'maxSize', key),
    storageClassName: config.getOptionalString('storageClassName'),
    accessMode: readOneOf(
      config,
      'accessMode',
      key,
      ['ReadWriteOnce', 'ReadWriteMany'],
      'ReadWriteOnce',
    ),
    retain: config.getOptionalBoolean('retain') ?? false,
  }),
  mount: (source, context) => ({
    claim: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: context.claimName,
        namespace: context.namespace,
        labels: context.labels,
        annotations: {
          'workspaces.backstage.io/retain': String(source.retain),
        },
      },
      spec: {
        accessModes: [source.accessMode],
        resources: { requests: { storage: context.size ?? source.size } },
        ...(source.storageClassName && {
          storageClassName: source.storageClassName,
        }),
      },
    },
    volume: {
      name: context.volumeName,
      persistentVolumeClaim: { claimName: context.claimName },
    },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
