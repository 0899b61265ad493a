import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Wraps a change in an audit event: who (from the request), what, and
 * whether it succeeded. Bodies are never logged, so no secret values are.
 */
export function createAuditedAction(auditor: AuditorService) {
  return async function audited<T>(
    request: Request,
    eventId: string,
    meta: JsonObject,
    action: () => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request,
      meta,
    });
    try {
      const result = await action();
      await event.success({ meta: outcome?.(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
}
