import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ContainerStatusSummary,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { useWorkspacesTranslation } from '../../translation';
import { DiagnosticsProblem } from '../DiagnosticsProblem';
import { maxShownLines, useWorkspaceLogs } from './useWorkspaceLogs';

/** The tail sizes offered; the API allows 1 to 10000. */
export const tailSizes = [100, 1000, 10000];

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    margin: 0,
    padding: theme.spacing(1),
    maxHeight: '70vh',
    overflow: 'auto',
    backgroundColor: theme.palette.background.default,
    color: theme.palette.text.primary,
  },
  wrap: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  noWrap: { whiteSpace: 'pre' },
}));

/**
 * The containers of the workspace's pod, init containers first; none
 * without a pod. Read again when the status changes (a pod came or went).
 */
function usePodContainers(workspace: Workspace) {
  const workspacesApi = useApi(workspacesApiRef);
  return useAsync(async (): Promise<ContainerStatusSummary[]> => {
    const objects = await workspacesApi.listObjects(workspace.id);
    return objects.find(o => o.kind === 'Pod')?.pod?.containers ?? [];
  }, [workspacesApi, workspace.id, workspace.status]);
}

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** One on/off option of the log view. */
function LogOption(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <FormControlLabel
      control={
        <Checkbox
          checked={props.checked}
          onChange={e => props.onChange(e.target.checked)}
        />
      }
      label={props.label}
    />
  );
}

/**
 * The Logs tab: a container's log, with its tail size, the previous
 * instance, follow, wrap and download.
 */
export function WorkspaceLogs(props: { workspace: Workspace }) {
  const { workspace } = props;
  const classes = useStyles();
  const { t } = useWorkspacesTranslation();
  const containers = usePodContainers(workspace);
  const [chosen, setChosen] = useState<string>();
  const [tail, setTail] = useState(1000);
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [wrap, setWrap] = useState(true);
  // the workspace's own container unless the user picks another
  const container =
    chosen ?? containers.value?.find(c => !c.init)?.name ?? undefined;
  const logs = useWorkspaceLogs(workspace.id, {
    container,
    tail,
    previous,
    follow,
    // waits for the containers; as they are read again when the status
    // changes, a workspace that starts gets its log read again too
    enabled: !containers.loading,
  });
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    // a followed log stays scrolled to its newest line
    if (follow && logRef.current) {
      logRef.current.scrollTop = logRef.current.scrollHeight;
    }
  }, [follow, logs.text]);

  return (
    <InfoCard title={t('logs.title')}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
      >
        {(containers.value?.length ?? 0) > 0 && (
          <TextField
            select
            id="workspace-logs-container"
            label={t('logs.container')}
            value={container ?? ''}
            onChange={e => setChosen(e.target.value)}
            SelectProps={{ native: true }}
          >
            {containers.value!.map(c => (
              <option key={c.name} value={c.name}>
                {c.init ? t('common.initContainer', { name: c.name }) : c.name}
              </option>
            ))}
          </TextField>
        )}
        <TextField
          select
          id="workspace-logs-tail"
          label={t('logs.lastLines')}
          value={tail}
          onChange={e => setTail(Number(e.target.value))}
          SelectProps={{ native: true }}
        >
          {tailSizes.map(size => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </TextField>
        <LogOption
          label={t('logs.previous')}
          checked={previous}
          onChange={setPrevious}
        />
        <LogOption
          label={t('logs.follow')}
          checked={follow}
          onChange={setFollow}
        />
        <LogOption label={t('logs.wrap')} checked={wrap} onChange={setWrap} />
        <Box flexGrow={1} />
        <Button
          startIcon={<GetAppIcon />}
          disabled={!logs.text}
          onClick={() =>
            download(
              logs.text,
              `${workspace.name}${container ? `-${container}` : ''}.log`,
            )
          }
        >
          {t('logs.download')}
        </Button>
      </Box>
      <Box mt={2}>
        {logs.error && (
          <DiagnosticsProblem
            error={logs.error}
            workspace={workspace}
            what="logs"
          />
        )}
        {!logs.error && logs.loading && <Progress />}
        {!logs.error && !logs.loading && (
          <>
            {logs.text ? (
              <pre
                ref={logRef}
                aria-label={t('logs.log')}
                className={`${classes.log} ${
                  wrap ? classes.wrap : classes.noWrap
                }`}
              >
                {logs.text}
              </pre>
            ) : (
              <Typography color="textSecondary">{t('logs.empty')}</Typography>
            )}
            {logs.ended && (
              <Box mt={1}>
                <Alert severity="info">{t('logs.ended')}</Alert>
              </Box>
            )}
            <Typography variant="caption" color="textSecondary">
              {t('logs.shownLines', { count: maxShownLines })}
            </Typography>
          </>
        )}
      </Box>
    </InfoCard>
  );
}
