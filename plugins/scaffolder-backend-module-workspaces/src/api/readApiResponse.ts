import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';

/**
 * Renames the field a backend message starts with (`compute.preset: ...`) to
 * the action input it came from (`computePreset: ...`).
 */
function renameField(message: string, fieldNames: Record<string, string>) {
  for (const [apiField, inputName] of Object.entries(fieldNames)) {
    if (
      message.startsWith(`${apiField}:`) ||
      message.startsWith(`${apiField}.`) ||
      message.startsWith(`${apiField}[`)
    ) {
      return `${inputName}${message.slice(apiField.length)}`;
    }
  }
  return message;
}

async function readErrorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (typeof body?.error?.message === 'string') {
      return body.error.message;
    }
  } catch {
    // not the backend's JSON error body: say what the response was
  }
  return `${response.status} ${response.statusText}${
    text ? `: ${text.slice(0, 200)}` : ''
  }`;
}

/**
 * The JSON body of a successful response; for an error response, an error of
 * the matching kind whose message names the action input that was wrong.
 */
export async function readApiResponse(
  response: Response,
  fieldNames: Record<string, string>,
): Promise<unknown> {
  if (response.ok) {
    return response.json();
  }
  const message = renameField(await readErrorMessage(response), fieldNames);
  switch (response.status) {
    case 400:
      throw new InputError(`Invalid input ${message}`);
    case 401:
      throw new AuthenticationError(
        `The Workspaces backend did not accept the credentials of the user running the template: ${message}`,
      );
    case 403:
      throw new NotAllowedError(`No permission: ${message}`);
    case 404:
      throw new NotFoundError(message);
    case 409:
      throw new ConflictError(message);
    default:
      throw new Error(
        `The Workspaces backend failed (${response.status}): ${message}`,
      );
  }
}
