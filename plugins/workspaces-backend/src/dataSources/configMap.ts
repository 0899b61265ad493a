import { DataSourceType } from './DataSourceType';

/** The files of a ConfigMap of the project's namespace. */
export const configMap: DataSourceType<'configMap'> = {
  readConfig: config => ({ name: config.getString('name') }),
  mount: (source, context) => ({
    volume: { name: context.volumeName, configMap: { name: source.name } },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
