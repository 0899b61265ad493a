import {
  WorkspaceCredentialInfo,
  WorkspaceEnvironment,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import { ToolIcon } from '../ToolIcon';
import { ChoiceCard } from './ChoiceCard';
import { CredentialNote } from './CredentialNote';

/** Environments as cards: image, tools, description. */
export function EnvironmentStep(props: {
  environments: WorkspaceEnvironment[];
  credentials?: WorkspaceCredentialInfo[];
  value: string;
  error?: string;
  onChange(id: string): void;
}) {
  const { environments, value, error, onChange } = props;
  return (
    <>
      <Grid container spacing={2} role="radiogroup" aria-label="Environment">
        {environments.map(environment => (
          <Grid item xs={12} sm={6} md={4} key={environment.id}>
            <ChoiceCard
              title={environment.title}
              selected={environment.id === value}
              onSelect={() => onChange(environment.id)}
            >
              <Typography
                variant="body2"
                style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {environment.image}
              </Typography>
              {environment.description && (
                <Typography variant="body2" color="textSecondary">
                  {environment.description}
                </Typography>
              )}
              <CredentialNote
                credentials={props.credentials}
                environmentId={environment.id}
              />
              <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                {environment.tools.map(tool => (
                  <Chip
                    key={tool.id}
                    size="small"
                    icon={<ToolIcon type={tool.type} />}
                    label={tool.title}
                  />
                ))}
              </Box>
            </ChoiceCard>
          </Grid>
        ))}
      </Grid>
      {error && (
        <Typography color="error" role="alert">
          {error}
        </Typography>
      )}
    </>
  );
}
