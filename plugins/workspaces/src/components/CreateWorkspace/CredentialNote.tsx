import {
  WorkspaceCredentialInfo,
  WorkspaceDataSource,
} from '@backstage-workspaces/plugin-workspaces-common';
import { MenuItem, TextField, Typography } from '@material-ui/core';
import { useWorkspacesTranslation } from '../../translation';

/**
 * The credentials a building block comes with, named for the user (their
 * values never reach the browser).
 */
export function CredentialNote(props: {
  credentials: WorkspaceCredentialInfo[] | undefined;
  environmentId?: string;
  dataSourceId?: string;
}) {
  const { environmentId, dataSourceId } = props;
  const { t } = useWorkspacesTranslation();
  const used = (props.credentials ?? []).filter(credential =>
    environmentId
      ? credential.environments.includes(environmentId)
      : credential.dataSources.includes(dataSourceId ?? ''),
  );
  // more than one for a data source: the user picks one (CredentialChoice)
  if (used.length === 0 || (dataSourceId && used.length > 1)) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      {used
        .map(credential =>
          t(`createWorkspace.credentials.${credential.type}`, {
            title: credential.title,
          }),
        )
        .join('; ')
        .replace(/^./, first => first.toLocaleUpperCase())}
    </Typography>
  );
}

/**
 * A choice among the git credentials offered for a data source, when there
 * is more than one; empty means the first one, as the backend does.
 */
export function CredentialChoice(props: {
  credentials: WorkspaceCredentialInfo[] | undefined;
  source: WorkspaceDataSource;
  value: string | undefined;
  error?: string;
  onChange(credential: string | undefined): void;
}) {
  const { source, value, error, onChange } = props;
  const { t } = useWorkspacesTranslation();
  const offered = (props.credentials ?? []).filter(credential =>
    credential.dataSources.includes(source.id),
  );
  if (offered.length < 2) {
    return null;
  }
  return (
    <TextField
      select
      id={`workspace-credential-${source.id}`}
      label={t('createWorkspace.credentials.choice', { title: source.title })}
      value={value ?? offered[0].id}
      error={Boolean(error)}
      helperText={error ?? t('createWorkspace.credentials.choiceHelp')}
      onChange={event => onChange(event.target.value as string)}
    >
      {offered.map(credential => (
        <MenuItem key={credential.id} value={credential.id}>
          {credential.title}
        </MenuItem>
      ))}
    </TextField>
  );
}
