import {
  BuildingBlockScope,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';

/** What every credential has, whatever its type. */
interface CredentialCommon {
  id: string;
  title: string;
  description?: string;
  /** The Secret in the project's namespace that holds the value. */
  secretName: string;
  /** The projects whose workspaces get it. */
  scope: BuildingBlockScope;
}

/** A registry's pull secret: the pod's `imagePullSecrets`. */
export interface RegistryCredential extends CredentialCommon {
  type: 'registry';
  /** The environments whose image is pulled with it. */
  environments: string[];
}

/** A token or an SSH key for the clone of git data sources. */
export interface GitCredential extends CredentialCommon {
  type: 'git';
  /** The git data sources that clone with it. */
  dataSources: string[];
  /** The key of the Secret holding an HTTPS token. */
  tokenKey?: string;
  /** The user name sent with the token. */
  username: string;
  /** The key of the Secret holding an SSH private key. */
  sshKeyKey?: string;
  /** The key of the Secret holding known_hosts for SSH. */
  knownHostsKey?: string;
}

/** Any Secret, as env vars of the workspace's container or as files. */
export interface GenericSecretCredential extends CredentialCommon {
  type: 'secret';
  /** The environments whose workspaces get it. */
  environments: string[];
  /** Env var name -> the Secret's key. */
  env: Record<string, string>;
  /** Where the Secret's keys appear as files (read only). */
  mountPath?: string;
}

/**
 * A credential building block: a reference to a Secret of the project's
 * namespace, never its value. Kubernetes reads the Secret when it starts the
 * pod, so a changed Secret reaches a workspace at its next start.
 */
export type WorkspaceCredential =
  | RegistryCredential
  | GitCredential
  | GenericSecretCredential;

/** The building blocks as configured: credentials with their Secrets. */
export type ConfiguredBuildingBlocks = Omit<
  WorkspaceBuildingBlocks,
  'credentials'
> & { credentials?: WorkspaceCredential[] };

export const CREDENTIAL_TYPES = ['registry', 'git', 'secret'] as const;
