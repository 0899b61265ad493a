import {
  WorkspaceCredentialInfo,
  WorkspaceDataSource,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  Checkbox,
  FormControlLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { CredentialChoice, CredentialNote } from './CredentialNote';
import { WorkspaceForm } from './workspaceForm';

function describeSource(source: WorkspaceDataSource, t: WorkspacesT): string {
  switch (source.type) {
    case 'volume':
      return t(
        source.retain
          ? 'createWorkspace.dataStep.volumeRetained'
          : 'createWorkspace.dataStep.volume',
        { size: source.size },
      );
    case 'git':
      return source.branch
        ? t('createWorkspace.dataStep.gitBranch', {
            repository: source.repository,
            branch: source.branch,
          })
        : t('createWorkspace.dataStep.git', { repository: source.repository });
    case 'pvc':
      return t(
        source.readOnly
          ? 'createWorkspace.dataStep.pvcReadOnly'
          : 'createWorkspace.dataStep.pvc',
        { name: source.name },
      );
    case 'nfs':
      return t('createWorkspace.dataStep.nfs', {
        server: source.server,
        path: source.path,
      });
    case 'configMap':
    case 'secret':
      return t(`createWorkspace.dataStep.${source.type}`, {
        name: source.name,
      });
    case 'scratch':
      return t('createWorkspace.dataStep.scratch', { size: source.size });
    default: {
      // every type has its case: the compiler refuses a new one without
      const unknownType: never = source;
      return String(unknownType);
    }
  }
}

/** The data sources of the project, each with a checkbox; a size for new volumes. */
export function DataStep(props: {
  dataSources: WorkspaceDataSource[];
  credentials?: WorkspaceCredentialInfo[];
  form: WorkspaceForm;
  problems: Map<string, string>;
  onChange(change: Partial<WorkspaceForm>): void;
}) {
  const { dataSources, form, problems, onChange } = props;
  const { t } = useWorkspacesTranslation();
  if (dataSources.length === 0) {
    return <Typography>{t('createWorkspace.dataStep.none')}</Typography>;
  }
  return (
    <>
      {dataSources.map(source => {
        const index = form.dataSources.findIndex(c => c.id === source.id);
        const choice = form.dataSources[index];
        const problem =
          problems.get(`dataSources[${index}].id`) ??
          problems.get(`dataSources[${index}].size`);
        return (
          <Box key={source.id} mb={2}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={Boolean(choice)}
                  onChange={event =>
                    onChange({
                      dataSources: event.target.checked
                        ? [...form.dataSources, { id: source.id, size: '' }]
                        : form.dataSources.filter(c => c.id !== source.id),
                    })
                  }
                />
              }
              label={t('createWorkspace.dataStep.mountedAt', {
                title: source.title,
                mountPath: source.mountPath,
              })}
            />
            <Typography variant="body2" color="textSecondary">
              {describeSource(source, t)}
              {source.description ? ` — ${source.description}` : ''}
            </Typography>
            <CredentialNote
              credentials={props.credentials}
              dataSourceId={source.id}
            />
            {choice && (
              <CredentialChoice
                credentials={props.credentials}
                source={source}
                value={choice.credential}
                error={problems.get(`dataSources[${index}].credential`)}
                onChange={credential =>
                  onChange({
                    dataSources: form.dataSources.map(c =>
                      c.id === source.id ? { ...c, credential } : c,
                    ),
                  })
                }
              />
            )}
            {choice && source.type === 'volume' && (
              <TextField
                id={`workspace-size-${source.id}`}
                label={t('createWorkspace.dataStep.size', {
                  title: source.title,
                })}
                value={choice.size}
                placeholder={source.size}
                error={Boolean(problem)}
                helperText={
                  problem ??
                  t('createWorkspace.dataStep.sizeHelp', {
                    max: source.maxSize ?? source.size,
                    size: source.size,
                  })
                }
                onChange={event =>
                  onChange({
                    dataSources: form.dataSources.map(c =>
                      c.id === source.id
                        ? { ...c, size: event.target.value.trim() }
                        : c,
                    ),
                  })
                }
              />
            )}
            {choice && source.type !== 'volume' && problem && (
              <Typography color="error" role="alert">
                {problem}
              </Typography>
            )}
          </Box>
        );
      })}
    </>
  );
}
