import { WorkspaceCredentialInfo } from '@backstage-workspaces/plugin-workspaces-common';
import { Typography } from '@material-ui/core';

const purposes: Record<WorkspaceCredentialInfo['type'], string> = {
  registry: 'pulls its image',
  git: 'clones',
  secret: 'gets its values',
};

/**
 * The credentials a building block comes with, named for the user (the
 * admin chose them; their values never reach the browser).
 */
export function CredentialNote(props: {
  credentials: WorkspaceCredentialInfo[] | undefined;
  environmentId?: string;
  dataSourceId?: string;
}) {
  const { environmentId, dataSourceId } = props;
  const used = (props.credentials ?? []).filter(credential =>
    environmentId
      ? credential.environments.includes(environmentId)
      : credential.dataSources.includes(dataSourceId ?? ''),
  );
  if (used.length === 0) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      {used
        .map(
          credential => `${purposes[credential.type]} with ${credential.title}`,
        )
        .join('; ')
        .replace(/^./, first => first.toUpperCase())}
    </Typography>
  );
}
