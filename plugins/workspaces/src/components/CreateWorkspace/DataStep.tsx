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
import { CredentialChoice, CredentialNote } from './CredentialNote';
import { WorkspaceForm } from './workspaceForm';

function describeSource(source: WorkspaceDataSource): string {
  switch (source.type) {
    case 'volume':
      return `New ${source.size} volume${
        source.retain ? ', kept after deletion' : ''
      }`;
    case 'git':
      return `Clone of ${source.repository}${
        source.branch ? ` (${source.branch})` : ''
      }`;
    case 'pvc':
      return `Existing volume claim ${source.name}${
        source.readOnly ? ', read-only' : ''
      }`;
    case 'nfs':
      return `NFS ${source.server}:${source.path}`;
    case 'configMap':
    case 'secret':
      return `${source.type} ${source.name}`;
    case 'scratch':
      return `Scratch space of ${source.size}, emptied at every stop`;
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
  if (dataSources.length === 0) {
    return (
      <Typography>
        No data sources are configured for this project; the workspace will have
        no volume, and files written in it are lost when it stops.
      </Typography>
    );
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
              label={`${source.title} at ${source.mountPath}`}
            />
            <Typography variant="body2" color="textSecondary">
              {describeSource(source)}
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
                label={`Size of ${source.title}`}
                value={choice.size}
                placeholder={source.size}
                error={Boolean(problem)}
                helperText={
                  problem ??
                  `Up to ${source.maxSize ?? source.size}; empty gives ${
                    source.size
                  }`
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
