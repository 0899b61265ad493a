import { ContainerStateSummary } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../../translation';

/** "running since …", "waiting: ImagePullBackOff (…)", "terminated: Error, exit code 1" */
export function describeContainerState(
  state: ContainerStateSummary | undefined,
  t: WorkspacesT,
): string {
  if (!state) {
    return t('common.dash');
  }
  const parts: string[] = [state.state];
  if (state.reason) {
    parts.push(`: ${state.reason}`);
  }
  if (state.exitCode !== undefined) {
    parts.push(
      `${state.reason ? ',' : ':'} ${t('objects.exitCode', {
        code: String(state.exitCode),
      })}`,
    );
  }
  if (state.state === 'running' && state.startedAt) {
    parts.push(
      ` ${t('objects.since', {
        time: new Date(state.startedAt).toLocaleString(),
      })}`,
    );
  }
  if (state.message) {
    parts.push(` (${state.message})`);
  }
  return parts.join('');
}
