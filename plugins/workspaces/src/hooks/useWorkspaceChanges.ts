import { useSignal } from '@backstage/plugin-signals-react';
import {
  WorkspaceChangedSignal,
  WORKSPACES_SIGNAL_CHANNEL,
} from '@backstage-workspaces/plugin-workspaces-common';
import { useEffect, useRef } from 'react';

/** How often to reload when the app has no signals (live updates). */
export const POLL_INTERVAL_MS = 5000;

/**
 * Calls `onChange` when a workspace that `matches` changes: at once on the
 * backend's signal, or every {@link POLL_INTERVAL_MS} when the app has no
 * signals plugin.
 */
export function useWorkspaceChanges(
  onChange: () => void,
  matches: (signal: WorkspaceChangedSignal) => boolean = () => true,
) {
  const { lastSignal, isSignalsAvailable } = useSignal<WorkspaceChangedSignal>(
    WORKSPACES_SIGNAL_CHANNEL,
  );
  const latest = useRef({ onChange, matches });
  latest.current = { onChange, matches };

  useEffect(() => {
    if (lastSignal && latest.current.matches(lastSignal)) {
      latest.current.onChange();
    }
  }, [lastSignal]);

  useEffect(() => {
    if (isSignalsAvailable) {
      return undefined;
    }
    const timer = setInterval(
      () => latest.current.onChange(),
      POLL_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }, [isSignalsAvailable]);
}
