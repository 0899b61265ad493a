import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { fail, readOneOf, readPositiveNumber } from '../config/configReaders';

/** What dormancy deletes once the warning's time is up. */
export type DormancyDeletion = 'volumes' | 'workspace';

/** `workspaces.dormancy`, with the defaults filled in; undefined: off. */
export interface DormancyPolicyConfig {
  /** A workspace stopped this long is warned. */
  warnAfterDays: number;
  /** The deletion follows the warning after this long, never sooner. */
  deleteAfterDays: number;
  delete: DormancyDeletion;
  /** Projects it applies to (entity refs); undefined: every project. */
  projects?: string[];
  /** How often the dormancy runner looks (one replica at a time). */
  intervalSeconds: number;
}

const KEY = 'workspaces.dormancy';

/** Reads `workspaces.dormancy`; dormancy is off without it. */
export function readDormancyPolicy(
  root: Config,
): DormancyPolicyConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  if (!config) {
    return undefined;
  }
  for (const name of ['warnAfterDays', 'deleteAfterDays']) {
    if (!config.has(name)) {
      fail(`${KEY}.${name}`, 'is required when dormancy is configured');
    }
  }
  const projects = config.getOptionalStringArray('projects');
  return {
    warnAfterDays: readPositiveNumber(config, KEY, 'warnAfterDays', 0),
    deleteAfterDays: readPositiveNumber(config, KEY, 'deleteAfterDays', 0),
    delete: readOneOf<DormancyDeletion>(
      config,
      'delete',
      KEY,
      ['volumes', 'workspace'],
      'volumes',
    ),
    projects: projects?.map((ref, index) => {
      try {
        return stringifyEntityRef(
          parseEntityRef(ref, {
            defaultKind: 'system',
            defaultNamespace: 'default',
          }),
        );
      } catch (error) {
        return fail(
          `${KEY}.projects[${index}]`,
          `'${ref}' is not an entity ref of a project, e.g. system:default/vision`,
        );
      }
    }),
    intervalSeconds: readPositiveNumber(config, KEY, 'intervalSeconds', 3600),
  };
}

/** Whether dormancy applies to a workspace of `projectRef`. */
export function dormancyAppliesTo(
  policy: DormancyPolicyConfig | undefined,
  projectRef: string,
): policy is DormancyPolicyConfig {
  return Boolean(
    policy && (!policy.projects || policy.projects.includes(projectRef)),
  );
}
