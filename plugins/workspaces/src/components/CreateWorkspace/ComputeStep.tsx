import {
  ProjectQuota,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Grid, TextField, Typography } from '@material-ui/core';
import { WorkspaceForm } from './workspaceForm';
import { ChoiceCard } from './ChoiceCard';
import { ChoiceCardGroup } from './ChoiceCardGroup';
import { RemainingQuota } from './RemainingQuota';
import { describeScheduling } from './describeScheduling';

function describePreset(preset: WorkspaceComputePreset): string {
  return [
    `${preset.cpu.request} CPU`,
    `${preset.memory.request} memory`,
    ...(preset.gpu ? [`${preset.gpu.count} GPU`] : []),
    ...(preset.sharedMemory ? [`${preset.sharedMemory} /dev/shm`] : []),
  ].join(' · ');
}

/** Compute presets as cards, then the overrides the chosen one allows. */
export function ComputeStep(props: {
  presets: WorkspaceComputePreset[];
  form: WorkspaceForm;
  problems: Map<string, string>;
  /** What the project may still start; shown below the presets. */
  quota?: ProjectQuota;
  onChange(change: Partial<WorkspaceForm>): void;
}) {
  const { presets, form, problems, onChange, quota } = props;
  const preset = presets.find(p => p.id === form.preset);
  const bounds = preset?.overrides ?? {};
  const override = (
    key: 'cpu' | 'memory' | 'gpu',
    label: string,
    range: { min: string | number; max: string | number } | undefined,
    fallback: string | number | undefined,
  ) =>
    range && (
      <Grid item xs={12} sm={4}>
        <TextField
          id={`workspace-override-${key}`}
          fullWidth
          label={label}
          value={form.overrides[key]}
          placeholder={String(fallback ?? '')}
          error={problems.has(`compute.overrides.${key}`)}
          helperText={
            problems.get(`compute.overrides.${key}`) ??
            `${range.min} to ${range.max}; empty keeps the preset's ${fallback}`
          }
          onChange={event =>
            onChange({
              overrides: {
                ...form.overrides,
                [key]: event.target.value.trim(),
              },
            })
          }
        />
      </Grid>
    );
  return (
    <>
      <ChoiceCardGroup label="Compute preset">
        {presets.map((p, index) => (
          <Grid item xs={12} sm={6} md={4} key={p.id}>
            <ChoiceCard
              title={p.title}
              selected={p.id === form.preset}
              tabbable={preset ? p.id === form.preset : index === 0}
              onSelect={() =>
                onChange({
                  preset: p.id,
                  overrides: { cpu: '', memory: '', gpu: '' },
                })
              }
            >
              <Typography variant="body2">{describePreset(p)}</Typography>
              {describeScheduling(p).map(line => (
                <Typography variant="body2" key={line}>
                  {line}
                </Typography>
              ))}
              {p.description && (
                <Typography variant="body2" color="textSecondary">
                  {p.description}
                </Typography>
              )}
            </ChoiceCard>
          </Grid>
        ))}
      </ChoiceCardGroup>
      {problems.has('compute.preset') && (
        <Typography color="error" role="alert">
          {problems.get('compute.preset')}
        </Typography>
      )}
      {preset && (bounds.cpu || bounds.memory || bounds.gpu) && (
        <Box mt={3}>
          <Typography variant="subtitle1">
            Adjust {preset.title} (optional)
          </Typography>
          <Grid container spacing={2}>
            {override('cpu', 'CPU', bounds.cpu, preset.cpu.request)}
            {override('memory', 'Memory', bounds.memory, preset.memory.request)}
            {override('gpu', 'GPUs', bounds.gpu, preset.gpu?.count ?? 0)}
          </Grid>
        </Box>
      )}
      <RemainingQuota
        quota={quota}
        preset={preset}
        gpus={form.overrides.gpu ? Number(form.overrides.gpu) : undefined}
      />
    </>
  );
}
