import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_WORKSPACE } from '@backstage-workspaces/plugin-workspaces-common';
import { z } from 'zod';

/**
 * What permission rules see of a workspace.
 * @public
 */
export interface WorkspacePermissionResource {
  id: string;
  /** Entity ref of the project. */
  project: string;
  /** Entity ref of the user who created it. */
  createdBy: string;
  /** Refs assigned to the project: its owner and listed members. */
  projectMemberRefs: string[];
}

/**
 * A rule translated for the database: workspaces whose project has one of the
 * refs as a member, or whose creator is one of them.
 * @public
 */
export type WorkspaceQueryFilter = {
  property: 'projectMember' | 'createdBy';
  values: string[];
};

/** @public */
export const workspacePermissionResourceRef = createPermissionResourceRef<
  WorkspacePermissionResource,
  WorkspaceQueryFilter
>().with({ pluginId: 'workspaces', resourceType: RESOURCE_TYPE_WORKSPACE });

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe('Ownership refs of the user, e.g. their user and group refs'),
});

const lowerCase = (refs: string[]) =>
  refs.map(ref => ref.toLocaleLowerCase('en-US'));

/**
 * Workspaces of projects the claims are assigned to.
 * @public
 */
export const isProjectMember = createPermissionRule({
  name: 'IS_PROJECT_MEMBER',
  description:
    'Allow workspaces of projects whose owner or workspaces.backstage.io/members include one of the claims',
  resourceRef: workspacePermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => {
    const wanted = new Set(lowerCase(claims));
    return resource.projectMemberRefs.some(ref => wanted.has(ref));
  },
  toQuery: ({ claims }) => ({
    property: 'projectMember',
    values: lowerCase(claims),
  }),
});

/**
 * Workspaces created by one of the claims.
 * @public
 */
export const isWorkspaceCreator = createPermissionRule({
  name: 'IS_CREATOR',
  description: 'Allow workspaces created by one of the claims',
  resourceRef: workspacePermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) =>
    lowerCase(claims).includes(resource.createdBy),
  toQuery: ({ claims }) => ({
    property: 'createdBy',
    values: lowerCase(claims),
  }),
});

/** @public */
export const workspacePermissionRules = {
  isProjectMember,
  isWorkspaceCreator,
};

const conditionExports = createConditionExports({
  resourceRef: workspacePermissionResourceRef,
  rules: workspacePermissionRules,
});

/**
 * Conditions for policies, e.g.
 * `workspaceConditions.isProjectMember({ claims: user.info.ownershipEntityRefs })`.
 * @public
 */
export const workspaceConditions = conditionExports.conditions;

/** @public */
export const createWorkspaceConditionalDecision =
  conditionExports.createConditionalDecision;
