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

function describeResources(preset: WorkspaceComputePreset): string {
  const parts = [
    `${preset.cpu.request} CPU`,
    `${preset.memory.request} memory`,
  ];
  if (preset.gpu && preset.gpu.count > 0) {
    parts.push(
      `${preset.gpu.count} GPU${preset.gpu.count > 1 ? 's' : ''} (${
        preset.gpu.resourceName
      })`,
    );
  }
  return parts.join(' · ');
}

/** The environments, compute presets and data sources a project can use. */
export function BuildingBlocksOverview(props: {
  blocks: WorkspaceBuildingBlocks;
}) {
  const { environments, computePresets, dataSources } = props.blocks;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Environments" subheader="Images and their tools">
          {environments.length === 0 ? (
            <Typography>
              No environments are available to this project.
            </Typography>
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
        <InfoCard title="Compute presets" subheader="CPU, memory and GPUs">
          {computePresets.length === 0 ? (
            <Typography>
              No compute presets are available to this project.
            </Typography>
          ) : (
            <List dense>
              {computePresets.map(preset => (
                <ListItem key={preset.id} disableGutters>
                  <ListItemText
                    primary={preset.title}
                    secondary={describeResources(preset)}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Data sources" subheader="Volumes and repositories">
          {dataSources.length === 0 ? (
            <Typography>
              No data sources are available to this project.
            </Typography>
          ) : (
            <List dense>
              {dataSources.map(source => (
                <ListItem key={source.id} disableGutters>
                  <ListItemText
                    primary={source.title}
                    secondary={`${source.type} at ${source.mountPath}`}
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
