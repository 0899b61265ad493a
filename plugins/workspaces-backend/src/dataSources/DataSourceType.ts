import { Config } from '@backstage/config';
import { WorkspaceDataSource } from '@backstage-workspaces/plugin-workspaces-common';
import {
  V1Container,
  V1PersistentVolumeClaim,
  V1SecurityContext,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';

/** The name of a data source type, e.g. `volume` or `git`. */
export type DataSourceTypeName = WorkspaceDataSource['type'];

/** A data source of one type. */
export type DataSourceOf<T extends DataSourceTypeName> = Extract<
  WorkspaceDataSource,
  { type: T }
>;

/** What every data source has, whatever its type. */
type CommonField = 'id' | 'title' | 'description' | 'mountPath' | 'scope';

/** The names and choices that a type's volume is made with. */
export interface DataSourceMountContext {
  /** The pod volume's name. */
  volumeName: string;
  /** The name of a volume claim the workspace owns. */
  claimName: string;
  /** The name of an init container that prepares the volume. */
  initContainerName: string;
  namespace: string;
  /** The workspace's labels, for objects it owns. */
  labels: Record<string, string>;
  /** The user's size for a new volume (checked against the source's bounds). */
  size?: string;
  /** The image of the git clone init container. */
  gitCloneImage: string;
  /** The hardened security context of every container. */
  securityContext: V1SecurityContext;
}

/** A data source's share of the workspace's pod. */
export interface DataSourceMount {
  volume: V1Volume;
  /** Where the workspace's container sees it. */
  mount: V1VolumeMount;
  /** Runs before the workspace's container, e.g. a git clone. */
  initContainer?: V1Container;
  /** A volume claim the workspace owns, which outlives its runs. */
  claim?: V1PersistentVolumeClaim;
}

/**
 * One kind of data source: how it is configured (its own keys, checked at
 * start; a wrong value names its key) and what it adds to a workspace's pod.
 * One module per type in this folder, registered in `dataSourceTypes.ts`.
 */
export interface DataSourceType<T extends DataSourceTypeName> {
  readConfig(
    config: Config,
    key: string,
  ): Omit<DataSourceOf<T>, CommonField | 'type'>;
  mount(
    source: DataSourceOf<T>,
    context: DataSourceMountContext,
  ): DataSourceMount;
}
