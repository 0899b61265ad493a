import {
  ProjectQuota,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Grid, TextField, Typography } from '@material-ui/core';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { WorkspaceForm } from './workspaceForm';
import { ChoiceCard } from './ChoiceCard';
import { ChoiceCardGroup } from './ChoiceCardGroup';
import { RemainingQuota } from './RemainingQuota';
import { describeScheduling } from './describeScheduling';

function describePreset(
  preset: WorkspaceComputePreset,
  t: WorkspacesT,
): string {
  return [
    t('format.cpu', { cpu: preset.cpu.request }),
    t('createWorkspace.computeStep.memory', { memory: preset.memory.request }),
    ...(preset.gpu ? [t('format.gpus', { count: preset.gpu.count })] : []),
    ...(preset.sharedMemory
      ? [
          t('createWorkspace.computeStep.sharedMemory', {
            size: preset.sharedMemory,
          }),
        ]
      : []),
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
  const { t } = useWorkspacesTranslation();
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
            t('createWorkspace.computeStep.overrideHelp', {
              min: String(range.min),
              max: String(range.max),
              fallback: String(fallback ?? ''),
            })
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
      <ChoiceCardGroup label={t('createWorkspace.computeStep.label')}>
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
              <Typography variant="body2">{describePreset(p, t)}</Typography>
              {describeScheduling(p, t).map(line => (
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
            {t('createWorkspace.computeStep.adjust', { title: preset.title })}
          </Typography>
          <Grid container spacing={2}>
            {override(
              'cpu',
              t('createWorkspace.computeStep.cpu'),
              bounds.cpu,
              preset.cpu.request,
            )}
            {override(
              'memory',
              t('createWorkspace.computeStep.memoryLabel'),
              bounds.memory,
              preset.memory.request,
            )}
            {override(
              'gpu',
              t('createWorkspace.computeStep.gpus'),
              bounds.gpu,
              preset.gpu?.count ?? 0,
            )}
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
