import { Entity } from '@backstage/catalog-model';
import {
  expandProjectMembers,
  groupsByRef,
  memberGroupRefs,
} from './expandProjectMembers';

const group = (name: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    ...members.map(ref => ({ type: 'hasMember', targetRef: ref })),
    { type: 'childOf', targetRef: 'group:default/org' },
  ],
});

const project = (owner: string, members?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'vision',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-namespace': 'vision',
      ...(members && { 'workspaces.backstage.io/members': members }),
    },
  },
  spec: { owner },
});

const groups = groupsByRef([
  group('vision-team', ['user:default/Bob', 'user:default/dave']),
  group('guests', ['user:development/guest']),
]);

describe('expandProjectMembers', () => {
  it.each([
    [
      'an owner group: its direct members',
      project('vision-team'),
      ['user:default/bob', 'user:default/dave'],
    ],
    [
      'an owner user: that user',
      project('user:default/alice'),
      ['user:default/alice'],
    ],
    [
      'listed members: users as named, groups expanded, each once',
      project(
        'user:default/alice',
        'user:default/dave, group:default/vision-team, group:default/guests',
      ),
      [
        'user:default/alice',
        'user:default/dave',
        'user:default/bob',
        'user:development/guest',
      ],
    ],
    [
      'a group the catalog does not have: nobody',
      project('group:default/gone'),
      [],
    ],
    [
      'a member of another kind: nobody',
      project('user:default/alice', 'system:default/other'),
      ['user:default/alice'],
    ],
  ])('%s', (_, entity, expected) => {
    expect(expandProjectMembers(entity, groups).sort()).toEqual(
      expected.sort(),
    );
  });

  it('names only users, never a group a token could claim', () => {
    const members = expandProjectMembers(
      project('vision-team', 'group:default/guests'),
      groups,
    );
    expect(members.filter(ref => !ref.startsWith('user:'))).toEqual([]);
  });

  it('lists the groups to fetch for one project', () => {
    expect(
      memberGroupRefs(
        project('vision-team', 'user:default/x, group:default/guests'),
      ),
    ).toEqual(['group:default/vision-team', 'group:default/guests']);
  });
});
