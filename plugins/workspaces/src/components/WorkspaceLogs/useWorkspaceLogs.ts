import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { WorkspaceLogsOptions, workspacesApiRef } from '../../api';

/** At most this many lines are shown (the API's largest tail). */
export const maxShownLines = 10000;

/** The last `max` lines of a text, so a long follow does not grow forever. */
export function keepLastLines(text: string, max: number): string {
  let end = text.length;
  if (text.endsWith('\n')) {
    end -= 1;
  }
  let cut = end;
  for (let lines = 0; lines < max; lines++) {
    cut = text.lastIndexOf('\n', cut - 1);
    if (cut < 0) {
      return text;
    }
  }
  return text.slice(cut + 1);
}

export interface WorkspaceLogsState {
  text: string;
  /** Waiting for the log, or for a followed log's first lines. */
  loading: boolean;
  error?: Error;
  /** A followed log ended: its container stopped, or the size cap was reached. */
  ended: boolean;
}

/**
 * A container's log: read once, or followed (each chunk appended) until
 * the options change, `follow` is turned off or the component unmounts,
 * which abort the stream.
 */
export function useWorkspaceLogs(
  workspaceId: string,
  options: WorkspaceLogsOptions & { follow: boolean; enabled: boolean },
): WorkspaceLogsState {
  const workspacesApi = useApi(workspacesApiRef);
  const [state, setState] = useState<WorkspaceLogsState>({
    text: '',
    loading: true,
    ended: false,
  });
  const { container, tail, previous, follow, enabled } = options;

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const controller = new AbortController();
    const request = { container, tail, previous };
    setState({ text: '', loading: true, ended: false });
    (async () => {
      try {
        if (follow) {
          for await (const chunk of workspacesApi.followLogs(workspaceId, {
            ...request,
            signal: controller.signal,
          })) {
            if (controller.signal.aborted) {
              return;
            }
            setState(s => ({
              ...s,
              loading: false,
              text: keepLastLines(s.text + chunk, maxShownLines),
            }));
          }
          if (!controller.signal.aborted) {
            setState(s => ({ ...s, loading: false, ended: true }));
          }
        } else {
          const text = await workspacesApi.getLogs(workspaceId, request);
          if (!controller.signal.aborted) {
            setState({
              text: keepLastLines(text, maxShownLines),
              loading: false,
              ended: false,
            });
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) {
          setState(s => ({ ...s, loading: false, error: error as Error }));
        }
      }
    })();
    return () => controller.abort();
  }, [workspacesApi, workspaceId, container, tail, previous, follow, enabled]);

  return state;
}
