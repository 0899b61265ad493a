import { DataSourceType } from './DataSourceType';

/** An NFS export. */
export const nfs: DataSourceType<'nfs'> = {
  readConfig: config => ({
    server: config.getString('server'),
    path: config.getString('path'),
    readOnly: config.getOptionalBoolean('readOnly') ?? false,
  }),
  mount: (source, context) => ({
    volume: {
      name: context.volumeName,
      nfs: {
        server: source.server,
        path: source.path,
        readOnly: source.readOnly,
      },
    },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
