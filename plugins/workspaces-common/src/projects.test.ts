import { Entity } from '@backstage/catalog-model';
import {
  getProjectMemberRefs,
  isAssignedToProject,
  isWorkspacesProject,
} from './projects';

const project: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'vision',
    annotations: {
      'backstage.io/kubernetes-namespace': 'vision',
      'workspaces.backstage.io/members': 'group:default/ml-team, user:Alice',
    },
  },
  spec: { owner: 'vision-team' },
};

describe('projects', () => {
  it('recognises a project by its namespace annotation', () => {
    expect(isWorkspacesProject(project)).toBe(true);
    expect(
      isWorkspacesProject({ ...project, metadata: { name: 'plain' } }),
    ).toBe(false);
    expect(
      isWorkspacesProject({
        ...project,
        metadata: {
          name: 'blank',
          annotations: { 'backstage.io/kubernetes-namespace': ' ' },
        },
      }),
    ).toBe(false);
  });

  it('lists the owner and the members annotation as full, lower-case refs', () => {
    expect(getProjectMemberRefs(project)).toEqual([
      'group:default/vision-team',
      'group:default/ml-team',
      'user:default/alice',
    ]);
  });

  it('prefers the ownedBy relation the catalog resolved over spec.owner', () => {
    const withRelation: Entity = {
      ...project,
      metadata: { name: 'vision' },
      relations: [{ type: 'ownedBy', targetRef: 'group:platform/vision-team' }],
    };
    expect(getProjectMemberRefs(withRelation)).toEqual([
      'group:platform/vision-team',
    ]);
  });

  it('assigns users through any of their ownership refs', () => {
    expect(
      isAssignedToProject(
        ['user:default/bob', 'group:default/ML-Team'],
        project,
      ),
    ).toBe(true);
    expect(isAssignedToProject(['user:default/alice'], project)).toBe(true);
    expect(
      isAssignedToProject(
        ['user:default/carol', 'group:default/nlp-team'],
        project,
      ),
    ).toBe(false);
  });
});
