import { ContainerStateSummary } from '@backstage-workspaces/plugin-workspaces-common';

/** "running since …", "waiting: ImagePullBackOff (…)", "terminated: Error, exit code 1" */
export function describeContainerState(
  state: ContainerStateSummary | undefined,
): string {
  if (!state) {
    return '—';
  }
  const parts: string[] = [state.state];
  if (state.reason) {
    parts.push(`: ${state.reason}`);
  }
  if (state.exitCode !== undefined) {
    parts.push(`${state.reason ? ',' : ':'} exit code ${state.exitCode}`);
  }
  if (state.state === 'running' && state.startedAt) {
    parts.push(` since ${new Date(state.startedAt).toLocaleString()}`);
  }
  if (state.message) {
    parts.push(` (${state.message})`);
  }
  return parts.join('');
}
