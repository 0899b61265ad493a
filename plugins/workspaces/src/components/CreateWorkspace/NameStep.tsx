import { WORKSPACE_NAME_RULE } from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  IconButton,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { useWorkspacesTranslation } from '../../translation';
import { WorkspaceForm } from './workspaceForm';

/** The name, the environment variables and whether to start at once. */
export function NameStep(props: {
  form: WorkspaceForm;
  problems: Map<string, string>;
  editing: boolean;
  onChange(change: Partial<WorkspaceForm>): void;
}) {
  const { form, problems, editing, onChange } = props;
  const { t } = useWorkspacesTranslation();
  const setVariable = (
    index: number,
    change: Partial<WorkspaceForm['env'][number]>,
  ) =>
    onChange({
      env: form.env.map((v, i) => (i === index ? { ...v, ...change } : v)),
    });
  return (
    <>
      <TextField
        id="workspace-name"
        label={t('createWorkspace.nameStep.name')}
        required
        fullWidth
        disabled={editing}
        value={form.name}
        error={form.name !== '' && problems.has('name')}
        helperText={
          (form.name !== '' && problems.get('name')) ||
          t('createWorkspace.nameStep.nameHelp', {
            rule: WORKSPACE_NAME_RULE.description,
          })
        }
        onChange={event => onChange({ name: event.target.value })}
      />
      <Box mt={3}>
        <Typography variant="subtitle1">
          {t('createWorkspace.nameStep.variables')}
        </Typography>
        {form.env.map((variable, index) => (
          <Box
            key={index}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 8 }}
          >
            <TextField
              id={`workspace-env-${index}-name`}
              label={t('createWorkspace.nameStep.variable')}
              value={variable.name}
              error={problems.has(`env[${index}].name`)}
              helperText={problems.get(`env[${index}].name`)}
              onChange={event =>
                setVariable(index, { name: event.target.value })
              }
            />
            <TextField
              id={`workspace-env-${index}-value`}
              label={t('createWorkspace.nameStep.value')}
              type={variable.secret ? 'password' : 'text'}
              value={variable.value}
              placeholder={
                variable.secret && editing
                  ? t('createWorkspace.nameStep.unchanged')
                  : undefined
              }
              error={problems.has(`env[${index}].value`)}
              helperText={problems.get(`env[${index}].value`)}
              onChange={event =>
                setVariable(index, { value: event.target.value })
              }
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={variable.secret}
                  onChange={event =>
                    setVariable(index, { secret: event.target.checked })
                  }
                />
              }
              label={t('createWorkspace.nameStep.secret')}
            />
            <IconButton
              aria-label={
                variable.name
                  ? t('createWorkspace.nameStep.remove', {
                      name: variable.name,
                    })
                  : t('createWorkspace.nameStep.removeUnnamed')
              }
              onClick={() =>
                onChange({ env: form.env.filter((_, i) => i !== index) })
              }
            >
              <DeleteIcon />
            </IconButton>
          </Box>
        ))}
        <Button
          size="small"
          onClick={() =>
            onChange({
              env: [...form.env, { name: '', value: '', secret: false }],
            })
          }
        >
          {t('createWorkspace.nameStep.add')}
        </Button>
        <Typography variant="body2" color="textSecondary">
          {t('createWorkspace.nameStep.secretsNote')}
        </Typography>
      </Box>
      {!editing && (
        <FormControlLabel
          control={
            <Checkbox
              checked={form.start}
              onChange={event => onChange({ start: event.target.checked })}
            />
          }
          label={t('createWorkspace.nameStep.start')}
        />
      )}
    </>
  );
}
