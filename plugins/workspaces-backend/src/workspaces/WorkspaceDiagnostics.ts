import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotImplementedError } from '@backstage/errors';
import {
  explainWorkspaceStatus,
  formatCpu,
  formatMemory,
  isStatusIn,
  STARTING_STATUSES,
  WorkspaceExplanation,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  WorkspaceLogOptions,
  WorkspaceRuntime,
} from '@backstage-workspaces/plugin-workspaces-node';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceRecord } from '../model/records';
import { toQuotaItem } from '../quota/quotaEntries';
import { QuotaService } from '../quota/QuotaService';
import { WorkspaceAccess } from './WorkspaceAccess';

/**
 * Why a workspace is as it is, for those who may read it: its containers'
 * logs, the events of its objects and their live state, as its runtime
 * tells them. A caller who may not read the workspace gets 404 first, as for
 * the workspace itself; a runtime that can't tell, 501. Reads are not
 * audited.
 */
export class WorkspaceDiagnostics {
  constructor(
    private readonly options: {
      access: WorkspaceAccess;
      runtime?: WorkspaceRuntime;
      /** For the explanation: the runs (crash logs) and the quotas. */
      store?: Pick<WorkspaceStore, 'listRuns'>;
      quotas?: Pick<QuotaService, 'entries'>;
      logger?: LoggerService;
    },
  ) {}

  /**
   * Why the workspace is in its status, from what is known of it now: its
   * live objects and their events while it starts or just failed, the
   * project's quotas while it waits for resources, the crash log of its
   * failed run. What can't be read (e.g. the cluster is away) is left out,
   * and the explanation says what it can without it.
   */
  async explain(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceExplanation> {
    const record = await this.options.access.get(id, credentials);
    const { runtime, store, quotas } = this.options;
    const ref = runtimeRef(record);
    const starting = isStatusIn(STARTING_STATUSES, record.status);
    const failed = record.status === 'Failed';
    const [objects, events, quota, runs] = await Promise.all([
      starting
        ? this.quietly(() => runtime?.describeObjects?.(ref))
        : undefined,
      starting || failed
        ? this.quietly(() => runtime?.listEvents?.(ref))
        : undefined,
      starting || failed
        ? this.quietly(() =>
            quotas?.entries(
              {
                projectRef: record.projectRef,
                namespace: record.namespace,
                cluster: record.cluster,
                userRef: record.createdBy,
              },
              record.id,
            ),
          )
        : undefined,
      failed ? this.quietly(() => store?.listRuns(record.id)) : undefined,
    ]);
    return explainWorkspaceStatus({
      workspace: {
        status: record.status,
        statusReason: record.statusReason,
        statusMessage: record.statusMessage,
        desiredState: record.desiredState,
        resources: {
          cpu: formatCpu(record.resources.cpuMillicores / 1000),
          memory: formatMemory(record.resources.memoryBytes),
          gpu: record.resources.gpus,
        },
      },
      objects,
      events,
      quota: quota?.map(toQuotaItem),
      // the newest run is the one that failed
      crashLog: runs?.[0]?.crashLog,
    });
  }

  private async quietly<T>(
    read: () => Promise<T> | undefined,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      this.options.logger?.debug(
        `The explanation goes without what could not be read: ${error}`,
      );
      return undefined;
    }
  }

  async readLogs(
    id: string,
    options: WorkspaceLogOptions,
    credentials: BackstageCredentials,
  ) {
    const record = await this.options.access.get(id, credentials);
    const readLogs = this.capability('readLogs', 'read container logs');
    return readLogs(runtimeRef(record), options);
  }

  async listEvents(id: string, credentials: BackstageCredentials) {
    const record = await this.options.access.get(id, credentials);
    const listEvents = this.capability('listEvents', 'list Kubernetes events');
    return listEvents(runtimeRef(record));
  }

  async describeObjects(id: string, credentials: BackstageCredentials) {
    const record = await this.options.access.get(id, credentials);
    const describeObjects = this.capability(
      'describeObjects',
      'describe its objects',
    );
    return describeObjects(runtimeRef(record));
  }

  private capability<K extends 'readLogs' | 'listEvents' | 'describeObjects'>(
    method: K,
    what: string,
  ): NonNullable<WorkspaceRuntime[K]> {
    const { runtime } = this.options;
    const found = runtime?.[method];
    if (!runtime || !found) {
      throw new NotImplementedError(
        runtime
          ? `The workspaces runtime installed here can't ${what}`
          : `No workspaces runtime is installed here (no Kubernetes cluster is configured), so the backend can't ${what}`,
      );
    }
    return found.bind(runtime) as NonNullable<WorkspaceRuntime[K]>;
  }
}

function runtimeRef(record: WorkspaceRecord) {
  return {
    id: record.id,
    name: record.name,
    namespace: record.namespace,
    cluster: record.cluster,
  };
}
