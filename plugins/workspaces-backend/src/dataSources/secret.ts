import { DataSourceType } from './DataSourceType';

/** The files of a Secret of the project's namespace. */
export const secret: DataSourceType<'secret'> = {
  readConfig: config => ({ name: config.getString('name') }),
  mount: (source, context) => ({
    volume: { name: context.volumeName, secret: { secretName: source.name } },
    mount: { name: context.volumeName, mountPath: source.mountPath },
  }),
};
