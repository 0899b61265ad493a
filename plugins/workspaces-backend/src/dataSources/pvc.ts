import { DataSourceType } from './DataSourceType';

/** An existing volume claim of the project's namespace. */
export const pvc: DataSourceType<'pvc'> = {
  readConfig: config => ({
    name: config.getString('name'),
    readOnly: config.getOptionalBoolean('readOnly') ?? false,
  }),
  mount: (source, context) => ({
    volume: {
      name: context.volumeName,
      persistentVolumeClaim: {
        claimName: source.name,
        readOnly: source.readOnly,
      },
    },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
