import { V1Pod } from '@kubernetes/client-node';
import { chooseLogContainer } from './WorkspaceInspector';

const pod = (init: string[], app: string[]): V1Pod => ({
  spec: {
    initContainers: init.map(name => ({ name })),
    containers: app.map(name => ({ name })),
  },
});

describe('chooseLogContainer', () => {
  it("takes the pod's only container when none is asked for", () => {
    expect(chooseLogContainer(pod([], ['workspace']))).toBe('workspace');
  });

  it('takes an init container by name', () => {
    expect(
      chooseLogContainer(pod(['git-examples'], ['workspace']), 'git-examples'),
    ).toBe('git-examples');
  });

  it('asks for the container where the pod has several, listing them with the init ones marked', () => {
    expect(() =>
      chooseLogContainer(pod(['git-examples'], ['workspace'])),
    ).toThrow(
      "container: required, the workspace's pod has several containers: git-examples (init), workspace",
    );
  });

  it('refuses a container the pod does not have, listing those it has', () => {
    expect(() =>
      chooseLogContainer(pod(['git-examples'], ['workspace']), 'sidecar'),
    ).toThrow(
      "container: 'sidecar' is not a container of the workspace's pod; use one of git-examples (init), workspace",
    );
  });
});
