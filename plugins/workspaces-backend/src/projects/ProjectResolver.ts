import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isWorkspacesProject,
  KUBERNETES_NAMESPACE_ANNOTATION,
  normalizeEntityRef,
  WORKSPACES_CLUSTER_ANNOTATION,
} from '@backstage-workspaces/plugin-workspaces-common';

/** A catalog entity resolved as the project of workspaces. */
export interface WorkspaceProject {
  /** Full, lower-case entity ref, e.g. `system:default/vision`. */
  entityRef: string;
  entity: Entity;
  /** Kubernetes namespace, from the entity's annotation only. */
  namespace: string;
  /** Cluster name when the entity picks one. */
  cluster?: string;
}

/**
 * Looks projects up in the catalog with the caller's credentials, so a user
 * can only name projects the catalog lets them see. The namespace always
 * comes from the entity, never from the request.
 */
export class ProjectResolver {
  constructor(private readonly catalog: CatalogService) {}

  async resolve(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceProject> {
    let entityRef: string;
    try {
      entityRef = normalizeEntityRef(ref, { defaultKind: 'system' });
    } catch {
      throw new InputError(
        `project: '${ref}' is not an entity ref (expected e.g. system:default/vision)`,
      );
    }
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `Project ${entityRef} was not found in the catalog`,
      );
    }
    if (!isWorkspacesProject(entity)) {
      throw new InputError(
        `project: ${entityRef} is not a workspaces project; it needs the annotation ${KUBERNETES_NAMESPACE_ANNOTATION}`,
      );
    }
    return {
      entityRef,
      entity,
      namespace:
        entity.metadata.annotations![KUBERNETES_NAMESPACE_ANNOTATION].trim(),
      cluster: entity.metadata.annotations?.[WORKSPACES_CLUSTER_ANNOTATION],
    };
  }
}
