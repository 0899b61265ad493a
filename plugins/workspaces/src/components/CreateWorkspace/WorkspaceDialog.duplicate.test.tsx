import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
  visionProject,
} from '../../__testUtils__/fixtures';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityWorkspacesContent } from '../EntityWorkspacesContent';
import { WorkspaceDetailsPage } from '../WorkspaceDetailsPage';
import { WorkspaceDialog } from './WorkspaceDialog';

const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const projects = [{ ref: 'system:default/vision', title: 'Vision' }];

const original = aWorkspace({
  id: 'w1',
  name: 'churn-model',
  environment: 'vscode',
  compute: { preset: 'small', overrides: { cpu: '2' } },
  dataSources: [{ id: 'home', size: '20Gi' }],
  env: [
    { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
    { name: 'API_TOKEN', secret: true },
  ],
  schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
});

async function next() {
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

/**
 * Clicks Duplicate (once the permission allows it: the grid renders its rows
 * again as permissions come in) and walks the stepper, prefilled with
 * `original`, to its name step.
 */
async function duplicateToNameStep() {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Duplicate' })).toBeEnabled(),
  );
  await user.click(screen.getByRole('button', { name: 'Duplicate' }));
  expect(
    within(screen.getByRole('dialog')).getByText('Duplicate churn-model'),
  ).toBeInTheDocument();
  expect(await screen.findByRole('radio', { name: 'VS Code' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await next();
  await next();
  await next();
  await waitFor(() =>
    expect(screen.getByLabelText(/^Name/)).toHaveValue('churn-model-copy'),
  );
}

/** Where the app is, to see where a created copy leads. */
function Location() {
  const location = useLocation();
  return <output aria-label="location">{location.pathname}</output>;
}

describe('WorkspaceDialog duplicating a workspace', () => {
  it('opens prefilled with a free name, asks for the secret again, and creates the copy', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({
        items: [
          aWorkspace({ id: 'w1', name: 'churn-model' }),
          aWorkspace({ id: 'w2', name: 'churn-model-copy' }),
        ],
      }),
      createWorkspace: jest
        .fn()
        .mockResolvedValue(
          aWorkspace({ id: 'w3', name: 'churn-model-copy-2' }),
        ),
    });
    const onSaved = jest.fn();
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        duplicateOf={original}
        onClose={jest.fn()}
        onSaved={onSaved}
      />,
      { workspacesApi },
    );
    const dialog = within(screen.getByRole('dialog'));
    expect(dialog.getByText('Duplicate churn-model')).toBeInTheDocument();
    expect(
      await screen.findByRole('radio', { name: 'VS Code' }),
    ).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('radio', { name: 'JupyterLab' })).toHaveAttribute(
      'aria-checked',
      'false',
    );
    expect(
      screen.getByText(/A copy of churn-model: its environment, compute/),
    ).toBeInTheDocument();

    await next();
    expect(screen.getByRole('radio', { name: 'Small CPU' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    expect(screen.getByLabelText('CPU')).toHaveValue('2');

    await next();
    expect(
      screen.getByText(
        /The copy gets new volumes of its own: nothing on churn-model's volumes is copied/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Home: a new, empty volume')).toBeInTheDocument();
    expect(screen.getByLabelText('Home at /home/jovyan')).toBeChecked();
    expect(screen.getByLabelText('Size of Home')).toHaveValue('20Gi');

    await next();
    await waitFor(() =>
      expect(screen.getByLabelText(/^Name/)).toHaveValue('churn-model-copy-2'),
    );
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledWith(
      expect.objectContaining({
        project: 'system:default/vision',
        q: 'churn-model',
      }),
    );
    expect(
      screen.getByText(
        'Secret values are never shown again, so they cannot be copied from churn-model: enter API_TOKEN again, or remove it.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Takes over the schedule of churn-model: stops at 19:00 (Europe/Berlin).',
      ),
    ).toBeInTheDocument();
    const values = screen.getAllByLabelText('Value');
    expect(values[0]).toHaveValue('http://mlflow');
    expect(values[1]).toHaveValue('');
    expect(screen.getByText('a value is required')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled();

    await user.type(values[1], 'new-token');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith({
      project: 'system:default/vision',
      name: 'churn-model-copy-2',
      environment: 'vscode',
      compute: { preset: 'small', overrides: { cpu: '2' } },
      dataSources: [{ id: 'home', size: '20Gi' }],
      env: [
        { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
        { name: 'API_TOKEN', value: 'new-token', secret: true },
      ],
      schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
      start: true,
    });
    expect(workspacesApi.updateWorkspace).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'w3' }),
      ),
    );
  });

  it('opens at the compute step, saying so, when the preset is no longer offered', async () => {
    const workspacesApi = mockWorkspacesApi({
      createWorkspace: jest.fn().mockResolvedValue(aWorkspace({ id: 'w3' })),
    });
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        duplicateOf={{
          ...original,
          compute: { preset: 'retired-a100' },
          env: [],
        }}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );
    expect(
      await screen.findByText(
        'The compute preset retired-a100 of churn-model is no longer offered in this project: choose another.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Small CPU' })).toHaveAttribute(
      'aria-checked',
      'false',
    );
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    await user.click(screen.getByRole('radio', { name: '1 GPU' }));
    await next();
    await next();
    await waitFor(() =>
      expect(screen.getByLabelText(/^Name/)).toHaveValue('churn-model-copy'),
    );
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'churn-model-copy',
        environment: 'vscode',
        compute: { preset: 'gpu-1', overrides: {} },
      }),
    );
  });
});

describe('Duplicate on the details page', () => {
  it('opens the stepper with the copy and leads to the copy once created', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue({ ...original, env: [] }),
      createWorkspace: jest
        .fn()
        .mockResolvedValue(aWorkspace({ id: 'w9', name: 'churn-model-copy' })),
    });
    await renderWithApis(
      <>
        <Routes>
          <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
          <Route path="/workspaces/:workspaceId" element={<p>the copy</p>} />
        </Routes>
        <Location />
      </>,
      { workspacesApi, routeEntries: ['/w1'] },
    );
    await duplicateToNameStep();
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'churn-model-copy',
        environment: 'vscode',
        dataSources: [{ id: 'home', size: '20Gi' }],
      }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('location')).toHaveTextContent(
        '/workspaces/w9',
      ),
    );
  });
});

describe('Duplicate in the grid', () => {
  it("opens the stepper with the row's workspace, in its project", async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest
        .fn()
        .mockResolvedValue({ items: [{ ...original, env: [] }] }),
      createWorkspace: jest.fn().mockResolvedValue(aWorkspace({ id: 'w9' })),
    });
    await renderWithApis(
      <EntityProvider entity={visionProject}>
        <EntityWorkspacesContent />
      </EntityProvider>,
      { workspacesApi },
    );
    await duplicateToNameStep();
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith(
      expect.objectContaining({
        project: 'system:default/vision',
        name: 'churn-model-copy',
        compute: { preset: 'small', overrides: { cpu: '2' } },
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});
