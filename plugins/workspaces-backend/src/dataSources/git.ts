import { DataSourceType } from './DataSourceType';

/** A shallow clone of a git repository, made by an init container at each start. */
export const git: DataSourceType<'git'> = {
  readConfig: config => ({
    repository: config.getString('repository'),
    branch: config.getOptionalString('branch'),
    path: config.getOptionalString('path'),
  }),
  mount: (source, context) => ({
    volume: { name: context.volumeName, emptyDir: {} },
    initContainer: {
      name: context.initContainerName,
      image: context.gitCloneImage,
      args: [
        'clone',
        '--depth=1',
        ...(source.branch ? ['--branch', source.branch] : []),
        '--',
        source.repository,
        '/data',
      ],
      volumeMounts: [{ name: context.volumeName, mountPath: '/data' }],
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '512Mi' },
      },
      securityContext: context.securityContext,
    },
    mount: {
      name: context.volumeName,
      mountPath: source.mountPath,
      ...(source.path && { subPath: source.path }),
    },
  }),
};
