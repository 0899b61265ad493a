import {
  describeUnavailableBlock,
  UnavailableBlock,
} from '../buildingBlocks/findUnavailableBlock';
import { WorkspaceRecord } from '../model/records';
import { DerivedStatus } from './deriveWorkspaceStatus';

/**
 * The status of a workspace whose building block is gone: it can't be
 * (re)applied, so a start fails and a stop ends Stopped, each saying what
 * is gone and to edit the workspace; while its pod still goes, Stopping.
 */
export function unavailableBlockStatus(
  record: Pick<WorkspaceRecord, 'desiredState' | 'projectRef'>,
  unavailable: UnavailableBlock,
  podRemains: boolean,
): DerivedStatus {
  const why = describeUnavailableBlock(unavailable, record.projectRef);
  if (record.desiredState === 'Running') {
    return {
      status: 'Failed',
      reason: unavailable.reason,
      message: `Cannot start: ${why}`,
    };
  }
  if (podRemains) {
    return {
      status: 'Stopping',
      reason: unavailable.reason,
      message: `Stopping: ${why}`,
    };
  }
  return {
    status: 'Stopped',
    reason: unavailable.reason,
    message: `Stopped: ${why}. Its configuration and volumes are kept`,
  };
}
