import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a change inside an audit event: who, what, and whether it
 * succeeded. Bodies are never logged, so no secret values are.
 */
export async function auditChange<T>(
  auditor: AuditorService,
  event: AuditorServiceCreateEventOptions,
  action: () => Promise<T>,
  outcome?: (result: T) => JsonObject,
): Promise<T> {
  const audit = await auditor.createEvent({
    severityLevel: 'medium',
    ...event,
  });
  try {
    const result = await action();
    await audit.success({ meta: outcome?.(result) });
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/** auditChange for a route: the actor is the request's. */
export function createAuditedAction(auditor: AuditorService) {
  return async function audited<T>(
    request: Request,
    eventId: string,
    meta: JsonObject,
    action: () => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ): Promise<T> {
    return auditChange(auditor, { eventId, request, meta }, action, outcome);
  };
}
