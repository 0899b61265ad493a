import { ResponseError } from '@backstage/errors';

/** Why a call failed, in the backend's words where it gave them. */
export function describeError(error: unknown): string {
  return error instanceof ResponseError
    ? error.body.error.message
    : (error as Error).message;
}
