import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { WorkspacesApiOnBehalf } from '../api/WorkspacesApiOnBehalf';
import { WorkspacesActionOptions } from '../actions/WorkspacesActionOptions';
import {
  APP_BASE_URL,
  BackendWithWorkspaces,
} from './startBackendWithWorkspaces';

/** What the actions are built with, reaching the test backend. */
export function actionOptions(
  backend: BackendWithWorkspaces,
): WorkspacesActionOptions {
  return {
    api: new WorkspacesApiOnBehalf({
      // the test backend's auth: on-behalf-of tokens it accepts
      auth: mockServices.auth(),
      discovery: backend.discovery,
    }),
    appBaseUrl: APP_BASE_URL,
    pollIntervalMs: 200,
  };
}

/**
 * A mock action context of a task started by `credentials`, whose task log
 * lines are kept in `log` and whose outputs in `outputs`.
 */
export function actionContext<TInput extends Record<string, any>>(
  input: TInput,
  credentials: BackstageCredentials,
) {
  const log: string[] = [];
  const outputs: Record<string, unknown> = {};
  const logger = mockServices.logger.mock();
  logger.info.mockImplementation(message => {
    log.push(message);
  });
  const ctx = createMockActionContext({ input, logger });
  // set after creation: createMockActionContext only takes some options
  ctx.getInitiatorCredentials = async () => credentials;
  ctx.output = (name: string, value: unknown) => {
    outputs[name] = value;
  };
  return { ctx: ctx as any, log, outputs };
}
