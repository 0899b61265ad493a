import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { WorkspaceRecord } from '../model/records';

/**
 * An audit event of something the plugin did on its own (a lifecycle
 * policy, dormancy) to a workspace: the actor is the plugin's task.
 */
export async function auditPolicyEvent(
  auditor: AuditorService,
  event: {
    eventId: string;
    severityLevel: 'low' | 'medium';
    actor: string;
    record: WorkspaceRecord;
    meta: JsonObject;
    error?: Error;
  },
): Promise<void> {
  const created = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel,
    meta: {
      workspaceId: event.record.id,
      project: event.record.projectRef,
      actor: event.actor,
      ...event.meta,
    },
  });
  if (event.error) {
    await created.fail({ error: event.error });
  } else {
    await created.success();
  }
}
