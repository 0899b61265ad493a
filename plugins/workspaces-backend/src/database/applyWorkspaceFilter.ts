import {
  AllOfCriteria,
  AnyOfCriteria,
  NotCriteria,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { WorkspaceQueryFilter } from '@backstage-workspaces/plugin-workspaces-node';
import { Knex } from 'knex';

function isAllOf(
  criteria: PermissionCriteria<WorkspaceQueryFilter>,
): criteria is AllOfCriteria<WorkspaceQueryFilter> {
  return 'allOf' in criteria;
}

function isAnyOf(
  criteria: PermissionCriteria<WorkspaceQueryFilter>,
): criteria is AnyOfCriteria<WorkspaceQueryFilter> {
  return 'anyOf' in criteria;
}

function isNot(
  criteria: PermissionCriteria<WorkspaceQueryFilter>,
): criteria is NotCriteria<WorkspaceQueryFilter> {
  return 'not' in criteria;
}

/**
 * Adds a permission decision's conditions to a query of `workspaces`, so that
 * lists and lookups are filtered by the database, never after it.
 */
export function applyWorkspaceFilter(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<WorkspaceQueryFilter>,
  knex: Knex,
): void {
  if (isAllOf(criteria)) {
    query.where(inner => {
      for (const each of criteria.allOf) {
        inner.andWhere(q => applyWorkspaceFilter(q, each, knex));
      }
    });
  } else if (isAnyOf(criteria)) {
    query.where(inner => {
      for (const each of criteria.anyOf) {
        inner.orWhere(q => applyWorkspaceFilter(q, each, knex));
      }
    });
  } else if (isNot(criteria)) {
    query.whereNot(q => applyWorkspaceFilter(q, criteria.not, knex));
  } else if (criteria.property === 'createdBy') {
    query.whereIn('workspaces.created_by', criteria.values);
  } else {
    query.whereIn(
      'workspaces.project_ref',
      knex('workspace_project_members')
        .select('project_ref')
        .whereIn('member_ref', criteria.values),
    );
  }
}
