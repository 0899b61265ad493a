import { ConfigReader } from '@backstage/config';
import { readWorkspacesConfig } from './readWorkspacesConfig';

const read = (workspaces: object) =>
  readWorkspacesConfig(
    new ConfigReader({ workspaces } as any),
    'http://localhost:7007/api/workspaces',
  );

describe('readWorkspacesConfig', () => {
  it('fills in every default once, for every part of the plugin', () => {
    const config = read({});
    expect(config.kubernetes).toEqual({
      sweepIntervalSeconds: 30,
      driftCheckIntervalSeconds: 300,
      startTimeoutMinutes: 15,
      gitCloneImage: 'alpine/git:2.47.2',
      keepWorkloadWhenStopped: false,
      workload: 'StatefulSet',
      allowIngressFrom: [
        {
          namespaceSelector: {
            matchLabels: { 'workspaces.backstage.io/ingress': 'true' },
          },
        },
      ],
      podAnnotations: undefined,
    });
    expect(config.connect).toEqual({
      idleTimeoutMs: 60 * 60_000,
      maxSessionMs: 12 * 60 * 60_000,
      activityIntervalMs: 60_000,
    });
    expect(config.lifecycle.keepAlive).toEqual({
      extensionMinutes: 60,
      maxPerRun: 2,
    });
    expect(config.tools.mode).toBe('host');
    expect(config.admins).toEqual([]);
    expect(config.notifications).toEqual({ slowStartSeconds: 120 });
  });

  it('takes 0 slow-start seconds as no slow-start notice', () => {
    expect(
      read({ notifications: { slowStartSeconds: 0 } }).notifications,
    ).toEqual({ slowStartSeconds: 0 });
  });

  it.each([
    [
      { kubernetes: { sweepIntervalSeconds: 0 } },
      "Invalid config at 'workspaces.kubernetes.sweepIntervalSeconds': 0 must be a number above 0",
    ],
    [
      { kubernetes: { podAnnotations: { 'example.com/a': 1 } } },
      "Invalid config at 'workspaces.kubernetes.podAnnotations': must be a map of annotation names to strings",
    ],
    [
      { kubernetes: { allowIngressFrom: { namespaceSelector: {} } } },
      "Invalid config at 'workspaces.kubernetes.allowIngressFrom': must be a list of NetworkPolicy peers",
    ],
    [
      { kubernetes: { workload: 'Deployment' } },
      "Invalid config at 'workspaces.kubernetes.workload': 'Deployment' must be one of StatefulSet, Pod",
    ],
    [
      { kubernetes: { workload: 'Pod', keepWorkloadWhenStopped: true } },
      "Invalid config at 'workspaces.kubernetes.keepWorkloadWhenStopped': needs the workload StatefulSet",
    ],
    [
      { connect: { idleTimeoutMinutes: -5 } },
      "Invalid config at 'workspaces.connect.idleTimeoutMinutes': -5 must be a number above 0",
    ],
    [
      { notifications: { slowStartSeconds: -1 } },
      "Invalid config at 'workspaces.notifications.slowStartSeconds': -1 must be 0 or a number above 0",
    ],
    [
      { notifications: { slowStartSeconds: 'soon' } },
      'workspaces.notifications.slowStartSeconds',
    ],
    [
      { tools: { mode: 'subdomain' } },
      'workspaces.tools.mode must be "host" or "path", not "subdomain"',
    ],
  ])('refuses %j, naming the key', (workspaces, message) => {
    expect(() => read(workspaces)).toThrow(message);
  });
});
