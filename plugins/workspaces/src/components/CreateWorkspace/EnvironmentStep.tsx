import {
  WorkspaceCredentialInfo,
  WorkspaceEnvironment,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Chip, Grid, TextField, Typography } from '@material-ui/core';
import { ToolIcon } from '../ToolIcon';
import { useWorkspacesTranslation } from '../../translation';
import { ChoiceCard } from './ChoiceCard';
import { ChoiceCardGroup } from './ChoiceCardGroup';
import { CredentialNote } from './CredentialNote';

/** "Deprecated — use X" on an environment the admins are phasing out. */
function LifecycleWarning(props: {
  environment: WorkspaceEnvironment;
  environments: WorkspaceEnvironment[];
}) {
  const { lifecycle, replacedBy } = props.environment;
  const { t } = useWorkspacesTranslation();
  if (!lifecycle) return null;
  const replacement = props.environments.find(e => e.id === replacedBy);
  const what =
    lifecycle === 'deprecated'
      ? t('createWorkspace.environmentStep.deprecated')
      : t('createWorkspace.environmentStep.noLongerOffered');
  return (
    <Typography variant="body2" color="error" role="note">
      {what}
      {replacement &&
        t('createWorkspace.environmentStep.useInstead', {
          title: replacement.title,
        })}
    </Typography>
  );
}

/**
 * Environments as cards: image, tools, description; then, where the chosen
 * environment allows custom images, a field for one.
 */
export function EnvironmentStep(props: {
  environments: WorkspaceEnvironment[];
  value: string;
  error?: string;
  onChange(id: string): void;
  credentials?: WorkspaceCredentialInfo[];
  image: string;
  imageError?: string;
  onImageChange(image: string): void;
}) {
  const { environments, value, error, onChange } = props;
  const { t } = useWorkspacesTranslation();
  const chosen = environments.find(environment => environment.id === value);
  const allowed = chosen?.customImage?.allowedRegistries;
  return (
    <>
      <ChoiceCardGroup label={t('createWorkspace.environmentStep.label')}>
        {environments.map((environment, index) => (
          <Grid item xs={12} sm={6} md={4} key={environment.id}>
            <ChoiceCard
              title={environment.title}
              selected={environment.id === value}
              tabbable={chosen ? environment.id === value : index === 0}
              onSelect={() => onChange(environment.id)}
            >
              <Typography
                variant="body2"
                style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {environment.image}
              </Typography>
              <LifecycleWarning
                environment={environment}
                environments={environments}
              />
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
      </ChoiceCardGroup>
      {error && (
        <Typography color="error" role="alert">
          {error}
        </Typography>
      )}
      {chosen && allowed && (
        <Box mt={3}>
          <TextField
            id="workspace-image"
            fullWidth
            label={t('createWorkspace.environmentStep.customImage')}
            value={props.image}
            placeholder={chosen.image}
            error={Boolean(props.imageError)}
            helperText={
              props.imageError ??
              t('createWorkspace.environmentStep.customImageHelp', {
                registries: allowed.join(', '),
                image: chosen.image,
              })
            }
            onChange={event => props.onImageChange(event.target.value.trim())}
          />
        </Box>
      )}
    </>
  );
}
