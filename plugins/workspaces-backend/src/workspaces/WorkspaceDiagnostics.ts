import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotImplementedError } from '@backstage/errors';
import {
  WorkspaceLogOptions,
  WorkspaceRuntime,
} from '@backstage-workspaces/plugin-workspaces-node';
import { WorkspaceRecord } from '../model/records';
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
    },
  ) {}

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
