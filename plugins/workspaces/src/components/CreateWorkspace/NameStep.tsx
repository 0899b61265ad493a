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
import { WorkspaceForm } from './workspaceForm';

/** The name, the environment variables and whether to start at once. */
export function NameStep(props: {
  form: WorkspaceForm;
  problems: Map<string, string>;
  editing: boolean;
  onChange(change: Partial<WorkspaceForm>): void;
}) {
  const { form, problems, editing, onChange } = props;
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
        label="Name"
        required
        fullWidth
        disabled={editing}
        value={form.name}
        error={form.name !== '' && problems.has('name')}
        helperText={
          (form.name !== '' && problems.get('name')) ||
          `Unique in the project: ${WORKSPACE_NAME_RULE.description}`
        }
        onChange={event => onChange({ name: event.target.value })}
      />
      <Box mt={3}>
        <Typography variant="subtitle1">Environment variables</Typography>
        {form.env.map((variable, index) => (
          <Box
            key={index}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 8 }}
          >
            <TextField
              id={`workspace-env-${index}-name`}
              label="Variable"
              value={variable.name}
              error={problems.has(`env[${index}].name`)}
              helperText={problems.get(`env[${index}].name`)}
              onChange={event =>
                setVariable(index, { name: event.target.value })
              }
            />
            <TextField
              id={`workspace-env-${index}-value`}
              label="Value"
              type={variable.secret ? 'password' : 'text'}
              value={variable.value}
              placeholder={variable.secret && editing ? 'unchanged' : undefined}
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
              label="Secret"
            />
            <IconButton
              aria-label={`Remove ${variable.name || 'variable'}`}
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
          Add variable
        </Button>
        <Typography variant="body2" color="textSecondary">
          Secret values are stored encrypted and never shown again.
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
          label="Start the workspace once it is created"
        />
      )}
    </>
  );
}
