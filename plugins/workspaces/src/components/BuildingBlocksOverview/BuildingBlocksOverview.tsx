import { InfoCard } from '@backstage/core-components';
import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  WorkspaceBuildingBlocks,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

function describeResources(
  preset: WorkspaceComputePreset,
  t: WorkspacesT,
): string {
  const parts: string[] = [
    t('format.cpu', { cpu: preset.cpu.request }),
    t('buildingBlocks.memory', { memory: preset.memory.request }),
  ];
  if (preset.gpu && preset.gpu.count > 0) {
    parts.push(
      t('buildingBlocks.gpus', {
        count: preset.gpu.count,
        resourceName: preset.gpu.resourceName,
      }),
    );
  }
  return parts.join(' · ');
}

/** The environments, compute presets and data sources a project can use. */
export function BuildingBlocksOverview(props: {
  blocks: WorkspaceBuildingBlocks;
}) {
  const { environments, computePresets, dataSources } = props.blocks;
  const { t } = useWorkspacesTranslation();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard
          title={t('buildingBlocks.environments')}
          subheader={t('buildingBlocks.environmentsSubheader')}
        >
          {environments.length === 0 ? (
            <Typography>{t('buildingBlocks.noEnvironments')}</Typography>
          ) : (
            <List dense>
              {environments.map(environment => (
                <ListItem key={environment.id} disableGutters>
                  <ListItemText
                    primary={environment.title}
                    secondary={
                      <>
                        <Typography
                          variant="caption"
                          component="span"
                          display="block"
                        >
                          {environment.image}
                        </Typography>
                        {environment.tools.map(tool => (
                          <Chip key={tool.id} size="small" label={tool.title} />
                        ))}
                      </>
                    }
                    secondaryTypographyProps={{ component: 'div' }}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard
          title={t('buildingBlocks.computePresets')}
          subheader={t('buildingBlocks.computePresetsSubheader')}
        >
          {computePresets.length === 0 ? (
            <Typography>{t('buildingBlocks.noComputePresets')}</Typography>
          ) : (
            <List dense>
              {computePresets.map(preset => (
                <ListItem key={preset.id} disableGutters>
                  <ListItemText
                    primary={preset.title}
                    secondary={describeResources(preset, t)}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard
          title={t('buildingBlocks.dataSources')}
          subheader={t('buildingBlocks.dataSourcesSubheader')}
        >
          {dataSources.length === 0 ? (
            <Typography>{t('buildingBlocks.noDataSources')}</Typography>
          ) : (
            <List dense>
              {dataSources.map(source => (
                <ListItem key={source.id} disableGutters>
                  <ListItemText
                    primary={source.title}
                    secondary={t('buildingBlocks.dataSource', {
                      type: source.type,
                      mountPath: source.mountPath,
                    })}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
