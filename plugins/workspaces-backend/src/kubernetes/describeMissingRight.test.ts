import {
  describeMissingRight,
  missingRightStatus,
} from './describeMissingRight';

const refused = (verb: string, resource: string, group: string) =>
  `${resource}.${group} "ws-a" is forbidden: User "system:serviceaccount:backstage:backstage-workspaces" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "playground"`;

describe('describeMissingRight', () => {
  it('reads the verb, resource and namespace of an RBAC refusal', () => {
    expect(
      describeMissingRight(403, refused('patch', 'statefulsets', 'apps')),
    ).toEqual({
      verb: 'patch',
      resource: 'statefulsets',
      namespace: 'playground',
    });
  });

  it('says nothing of other answers or of refusals outside a namespace', () => {
    expect(
      describeMissingRight(404, refused('patch', 'statefulsets', 'apps')),
    ).toBeUndefined();
    expect(
      describeMissingRight(
        403,
        'nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope',
      ),
    ).toBeUndefined();
  });
});

describe('missingRightStatus', () => {
  const right = {
    verb: 'patch',
    resource: 'statefulsets',
    namespace: 'playground',
  };

  it('names the namespace, the right and the command that grants it', () => {
    expect(missingRightStatus('Running', 'Creating', right)).toEqual({
      status: 'Pending',
      reason: 'NotPermittedInNamespace',
      message:
        'The plugin may not create or update statefulsets in namespace playground; apply its Role there: yarn tsx deploy/namespaceRbac.ts --namespace playground | kubectl apply -f -',
    });
  });

  it.each([
    ['Stopped', 'Running', 'Stopping'],
    ['Stopped', 'Stopped', 'Stopped'],
    ['Deleted', 'Running', 'Deleting'],
  ] as const)(
    'wanting %s, after %s, the status is %s',
    (desired, previous, expected) => {
      expect(missingRightStatus(desired, previous, right).status).toBe(
        expected,
      );
    },
  );

  it('keeps a verb other than an apply as the API server says it', () => {
    expect(
      missingRightStatus('Running', 'Pending', { ...right, verb: 'list' })
        .message,
    ).toMatch(/^The plugin may not list statefulsets in namespace playground;/);
  });
});
