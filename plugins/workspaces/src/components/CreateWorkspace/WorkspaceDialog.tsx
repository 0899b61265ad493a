import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormHelperText,
  InputLabel,
  MenuItem,
  Select,
  Step,
  StepLabel,
  Stepper,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { ComputeStep } from './ComputeStep';
import { DataStep } from './DataStep';
import { DuplicateNotice } from './DuplicateNotice';
import {
  CopyFit,
  duplicateFormOf,
  fitCopyToBlocks,
} from './duplicateWorkspace';
import { EnvironmentStep } from './EnvironmentStep';
import { NameStep } from './NameStep';
import { useReadableErrorText } from './useReadableErrorText';
import { useWorkspacesTranslation } from '../../translation';
import { useSuggestedName } from './useSuggestedName';
import {
  checkForm,
  FORM_STEPS,
  formOf,
  initialForm,
  readFieldError,
  stepOfField,
  toCreateRequest,
  WorkspaceForm,
} from './workspaceForm';

export interface WorkspaceDialogProps {
  /** Projects to choose from; the first is preselected. */
  projects: Array<{ ref: string; title: string }>;
  /** Edit this workspace instead of creating one. */
  workspace?: Workspace;
  /**
   * Create a copy of this workspace: the stepper opens with its spec and a
   * free name; its project is the copy's.
   */
  duplicateOf?: Workspace;
  onClose(): void;
  onSaved(workspace: Workspace): void;
}

/**
 * The create stepper (environment, compute, data, name), also used to edit a
 * workspace. Problems show at their field as the user types, from the rules
 * the backend enforces; the backend's own 400s land at the field they name.
 */
export function WorkspaceDialog(props: WorkspaceDialogProps) {
  const { projects, workspace, duplicateOf, onClose, onSaved } = props;
  const editing = Boolean(workspace);
  const errorText = useReadableErrorText();
  const workspacesApi = useApi(workspacesApiRef);
  const { t } = useWorkspacesTranslation();
  const [form, setForm] = useState<WorkspaceForm>(() => {
    if (workspace) return formOf(workspace);
    if (duplicateOf) return duplicateFormOf(duplicateOf);
    return initialForm(projects[0]?.ref ?? '', undefined);
  });
  const [step, setStep] = useState(0);
  const [copyFit, setCopyFit] = useState<CopyFit>();
  const [submitting, setSubmitting] = useState(false);
  const [serverProblem, setServerProblem] = useState<{
    field?: string;
    message: string;
  }>();

  const blocks = useAsync(async () => {
    if (!form.project) return undefined;
    const loaded = await workspacesApi.getBuildingBlocks({
      project: form.project,
      includeHidden: editing,
    });
    if (duplicateOf) {
      const fit = fitCopyToBlocks(
        duplicateFormOf(duplicateOf),
        loaded,
        duplicateOf.name,
        t,
      );
      setForm(previous => ({ ...fit.form, name: previous.name }));
      setCopyFit(fit);
      setStep(fit.step);
    } else if (!workspace) {
      setForm(previous => ({
        ...initialForm(previous.project, loaded),
        name: previous.name,
      }));
    }
    return loaded;
  }, [workspacesApi, form.project]);

  useSuggestedName(
    workspacesApi,
    workspace
      ? undefined
      : {
          project: duplicateOf?.project ?? form.project,
          environment: form.environment,
          copyOf: duplicateOf?.name,
        },
    setForm,
  );

  const quota = useAsync(async () => {
    if (!form.project) return undefined;
    // the quota only informs; the backend refuses what does not fit
    return workspacesApi.getProjectQuota(form.project).catch(() => undefined);
  }, [workspacesApi, form.project]);

  const problems = useMemo(() => {
    const found = blocks.value
      ? checkForm(
          form,
          blocks.value,
          { editing, currentEnvironment: workspace?.environment },
          t,
        )
      : new Map<string, string>();
    if (serverProblem?.field && !found.has(serverProblem.field)) {
      found.set(serverProblem.field, serverProblem.message);
    }
    return found;
  }, [form, blocks.value, editing, workspace?.environment, serverProblem, t]);

  const stepProblems = (index: number) =>
    [...problems.keys()].filter(field => FORM_STEPS[index].fields.test(field));
  const change = (next: Partial<WorkspaceForm>) => {
    setServerProblem(undefined);
    setForm(previous => ({ ...previous, ...next }));
  };
  const last = step === FORM_STEPS.length - 1;

  const submit = async () => {
    setSubmitting(true);
    setServerProblem(undefined);
    try {
      const request = toCreateRequest(form);
      const saved = workspace
        ? await workspacesApi.updateWorkspace(workspace.id, {
            revision: workspace.revision,
            environment: request.environment,
            // only a changed image (null: back to the environment's), so
            // that saving an unchanged workspace never asks for a restart
            ...(request.image !== workspace.image && {
              image: request.image ?? null,
            }),
            compute: request.compute,
            dataSources: request.dataSources,
            env: request.env,
          })
        : await workspacesApi.createWorkspace(request);
      onSaved(saved);
    } catch (error) {
      const message =
        error instanceof ResponseError
          ? error.body.error.message
          : (error as Error).message;
      const problem = readFieldError(message);
      const problemStep = problem && stepOfField(problem.field);
      if (problem && problemStep !== undefined) {
        setServerProblem(problem);
        setStep(problemStep);
      } else {
        setServerProblem({ message });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const content = () => {
    if (blocks.loading) return <Progress />;
    if (blocks.error) return <ResponseErrorPanel error={blocks.error} />;
    if (!blocks.value) return null;
    if (blocks.value.environments.length === 0) {
      return (
        <Alert severity="warning">{t('createWorkspace.noEnvironments')}</Alert>
      );
    }
    switch (step) {
      case 0:
        return (
          <EnvironmentStep
            environments={blocks.value.environments.filter(
              // a hidden one only for the workspace that has it
              e => e.lifecycle !== 'hidden' || e.id === workspace?.environment,
            )}
            credentials={blocks.value.credentials}
            value={form.environment}
            error={problems.get('environment')}
            onChange={environment => change({ environment, image: '' })}
            image={form.image}
            imageError={problems.get('image')}
            onImageChange={image => change({ image })}
          />
        );
      case 1:
        return (
          <ComputeStep
            presets={blocks.value.computePresets}
            form={form}
            problems={problems}
            quota={quota.value}
            onChange={change}
          />
        );
      case 2:
        return (
          <DataStep
            dataSources={blocks.value.dataSources}
            credentials={blocks.value.credentials}
            form={form}
            problems={problems}
            onChange={change}
          />
        );
      default:
        return (
          <NameStep
            form={form}
            problems={problems}
            editing={editing}
            onChange={change}
          />
        );
    }
  };

  let title: string = t('createWorkspace.title');
  if (workspace) {
    title = t('createWorkspace.editTitle', { name: workspace.name });
  } else if (duplicateOf) {
    title = t('createWorkspace.duplicateTitle', { name: duplicateOf.name });
  }

  return (
    <Dialog
      open
      className={errorText.root}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="workspace-dialog-title"
    >
      <DialogTitle id="workspace-dialog-title">{title}</DialogTitle>
      <DialogContent>
        {!editing && !duplicateOf && projects.length > 1 && (
          <Box mb={2}>
            <FormControl fullWidth error={problems.has('project')}>
              <InputLabel id="workspace-project-label">
                {t('createWorkspace.project')}
              </InputLabel>
              <Select
                labelId="workspace-project-label"
                value={form.project}
                onChange={event =>
                  change({ project: event.target.value as string })
                }
              >
                {projects.map(project => (
                  <MenuItem key={project.ref} value={project.ref}>
                    {project.title}
                  </MenuItem>
                ))}
              </Select>
              <FormHelperText>
                {problems.get('project') ?? t('createWorkspace.projectHelp')}
              </FormHelperText>
            </FormControl>
          </Box>
        )}
        {workspace?.desiredState === 'Running' && (
          <Alert severity="info">
            {t('createWorkspace.runningNotice', { name: workspace.name })}
          </Alert>
        )}
        <Stepper activeStep={step} alternativeLabel>
          {FORM_STEPS.map((s, index) => (
            <Step key={s.key}>
              <StepLabel error={stepProblems(index).length > 0 && index < step}>
                {t(`createWorkspace.steps.${s.key}`)}
              </StepLabel>
            </Step>
          ))}
        </Stepper>
        {serverProblem && !serverProblem.field && (
          <Alert severity="error">{serverProblem.message}</Alert>
        )}
        {duplicateOf && blocks.value && (
          <DuplicateNotice
            original={duplicateOf.name}
            step={step}
            form={form}
            blocks={blocks.value}
            fit={copyFit}
          />
        )}
        {content()}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('createWorkspace.back')}
        </Button>
        {last ? (
          <Button
            color="primary"
            variant="contained"
            disabled={submitting || !blocks.value || problems.size > 0}
            onClick={submit}
          >
            {workspace
              ? t('createWorkspace.save')
              : t('createWorkspace.create')}
          </Button>
        ) : (
          <Button
            color="primary"
            variant="contained"
            disabled={!blocks.value || stepProblems(step).length > 0}
            onClick={() => setStep(step + 1)}
          >
            {t('createWorkspace.next')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
