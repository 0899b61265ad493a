import { WorkspaceDataSource } from '@backstage-workspaces/plugin-workspaces-common';
import { configMap } from './configMap';
import {
  DataSourceMount,
  DataSourceMountContext,
  DataSourceType,
  DataSourceTypeName,
} from './DataSourceType';
import { git } from './git';
import { nfs } from './nfs';
import { pvc } from './pvc';
import { scratch } from './scratch';
import { secret } from './secret';
import { volume } from './volume';

/**
 * Every data source type, by name. The compiler refuses a type of
 * `WorkspaceDataSource` that has no module here.
 */
export const dataSourceTypes: {
  [T in DataSourceTypeName]: DataSourceType<T>;
} = { volume, git, pvc, configMap, secret, nfs, scratch };

export const DATA_SOURCE_TYPE_NAMES = Object.keys(
  dataSourceTypes,
) as DataSourceTypeName[];

/** A data source's share of the pod, by its type's module. */
export function mountDataSource(
  source: WorkspaceDataSource,
  context: DataSourceMountContext,
): DataSourceMount {
  // the type's module for the source's own type (TypeScript can't relate them)
  const type = dataSourceTypes[source.type] as DataSourceType<
    typeof source.type
  >;
  return type.mount(source as never, context);
}
