import {
  BuildingBlockScope,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceBuildingBlocksProvider } from '@backstage-workspaces/plugin-workspaces-node';
import { readProvidedBuildingBlocks } from './readBuildingBlocksConfig';
import {
  ConfiguredBuildingBlocks,
  WorkspaceCredential,
} from '../credentials/WorkspaceCredential';

function isInScope(scope: BuildingBlockScope, projectRef?: string): boolean {
  if (scope.kind === 'all') {
    return true;
  }
  return (
    projectRef !== undefined &&
    scope.projects.includes(projectRef.toLocaleLowerCase('en-US'))
  );
}

/**
 * The environments, compute presets and data sources admins defined, from the
 * config and from modules' providers, and which of them a project may use.
 */
export class BuildingBlockCatalog {
  static async create(options: {
    config: ConfiguredBuildingBlocks;
    providers: WorkspaceBuildingBlocksProvider[];
  }): Promise<BuildingBlockCatalog> {
    const blocks: WorkspaceBuildingBlocks = {
      environments: [...options.config.environments],
      computePresets: [...options.config.computePresets],
      dataSources: [...options.config.dataSources],
    };
    const sources = new Map<string, string>();
    const kinds = ['environments', 'computePresets', 'dataSources'] as const;
    for (const kind of kinds) {
      for (const block of blocks[kind]) {
        sources.set(`${kind}/${block.id}`, 'the app config');
      }
    }
    for (const provider of options.providers) {
      // held to the config's rules; a wrong block fails the start
      const supplied = readProvidedBuildingBlocks(
        await provider.getBuildingBlocks(),
        provider.name,
      );
      for (const kind of kinds) {
        for (const block of supplied[kind] ?? []) {
          const key = `${kind}/${block.id}`;
          const clash = sources.get(key);
          if (clash) {
            throw new Error(
              `Building block ${key} from provider '${provider.name}' clashes with one from ${clash}; ids must be unique`,
            );
          }
          sources.set(key, `provider '${provider.name}'`);
          (blocks[kind] as Array<typeof block>).push(block);
        }
      }
    }
    return new BuildingBlockCatalog(blocks, options.config.credentials ?? []);
  }

  private constructor(
    private readonly blocks: WorkspaceBuildingBlocks,
    private readonly credentials: WorkspaceCredential[],
  ) {}

  /** The credentials (references to Secrets) a project's workspaces get. */
  credentialsFor(projectRef?: string): WorkspaceCredential[] {
    return this.credentials.filter(credential =>
      isInScope(credential.scope, projectRef),
    );
  }

  /**
   * What the building blocks API lists: the blocks of `forProject`, without
   * the hidden environments (not offered for new workspaces) unless asked.
   */
  offeredTo(
    projectRef: string | undefined,
    options: { includeHidden: boolean },
  ): WorkspaceBuildingBlocks {
    const blocks = this.forProject(projectRef);
    if (options.includeHidden) {
      return blocks;
    }
    return {
      ...blocks,
      environments: blocks.environments.filter(
        environment => environment.lifecycle !== 'hidden',
      ),
    };
  }

  /**
   * The building blocks a project may use, hidden environments included
   * (the workspaces that use them keep working); without a project, those
   * open to every project.
   */
  forProject(projectRef?: string): WorkspaceBuildingBlocks {
    // what each credential is for, never its Secret
    const credentials = this.credentialsFor(projectRef).map(credential => ({
      id: credential.id,
      title: credential.title,
      ...(credential.description && { description: credential.description }),
      type: credential.type,
      environments: credential.type === 'git' ? [] : credential.environments,
      dataSources: credential.type === 'git' ? credential.dataSources : [],
    }));
    return {
      ...(credentials.length > 0 && { credentials }),
      environments: this.blocks.environments.filter(block =>
        isInScope(block.scope, projectRef),
      ),
      computePresets: this.blocks.computePresets.filter(block =>
        isInScope(block.scope, projectRef),
      ),
      dataSources: this.blocks.dataSources.filter(block =>
        isInScope(block.scope, projectRef),
      ),
    };
  }
}
