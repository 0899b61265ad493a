import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { screen, within } from '@testing-library/react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
} from '../__testUtils__/fixtures';
import { rowOf, user } from '../__testUtils__/gridInteractions';
import { germanTranslationApi } from '../__testUtils__/translation';
import { AutoStopBanner } from '../components/AutoStopBanner';
import { CreateWorkspaceButton } from '../components/CreateWorkspace';
import { WorkspacesGrid } from '../components/WorkspacesGrid';

const inGerman = {
  apis: [[translationApiRef, germanTranslationApi()]] as const,
};

function warnedWith(remaining: number) {
  return aWorkspace({
    autoStop: {
      at: '2026-11-28T14:30:00Z',
      reason: 'Idle',
      message: 'idle for 60 min',
      keepAlive: { extensionMinutes: 60, remaining },
    },
  });
}

describe('the plugin in German', () => {
  it('shows the grid with German column titles, statuses and actions; user data as it is', async () => {
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[aWorkspace()]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi(), apis: [...inGerman.apis] },
    );
    expect(
      await screen.findByRole('columnheader', { name: 'Angelegt von' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Umgebung' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Angelegt von')).toBeInTheDocument();
    expect(screen.queryByText('Created by')).toBeNull();
    const row = within(rowOf('churn-model'));
    expect(row.getByText('Läuft')).toBeInTheDocument();
    expect(row.getByRole('button', { name: 'Stoppen' })).toBeInTheDocument();
    expect(
      row.getByRole('button', { name: 'JupyterLab tool öffnen' }),
    ).toBeInTheDocument();
    // the environment's title is the admins' text, not translated
    expect(row.getByText('JupyterLab')).toBeInTheDocument();
  });

  it('walks the create stepper in German', async () => {
    await renderWithApis(
      <CreateWorkspaceButton
        projects={[{ ref: 'system:default/vision', title: 'Vision' }]}
        onCreated={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi(), apis: [...inGerman.apis] },
    );
    await user.click(
      await screen.findByRole('button', { name: 'Workspace anlegen' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('Rechenleistung')).toBeInTheDocument();
    expect(dialog.getByText('Name und Variablen')).toBeInTheDocument();
    expect(
      await dialog.findByRole('radiogroup', { name: 'Umgebung' }),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Weiter' }));
    expect(
      await dialog.findByRole('radiogroup', { name: 'Rechenprofil' }),
    ).toBeInTheDocument();
    expect(
      dialog.getByText('4 CPU · 32Gi Arbeitsspeicher · 1 GPU'),
    ).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Abbrechen' })).toBeEnabled();
  });
});

describe('plural forms', () => {
  it.each([
    ['German', 1, 'Noch 1 Verlängerung für diesen Lauf möglich.'],
    ['German', 2, 'Noch 2 Verlängerungen für diesen Lauf möglich.'],
    ['English', 1, '1 keep-alive left for this run.'],
    ['English', 2, '2 keep-alives left for this run.'],
  ])(
    'are chosen by the count in %s: %i keep-alive(s) left',
    async (language, remaining, text) => {
      const german = language === 'German';
      await renderWithApis(
        <AutoStopBanner
          workspace={warnedWith(remaining)}
          onChanged={jest.fn()}
        />,
        {
          workspacesApi: mockWorkspacesApi(),
          apis: german ? [...inGerman.apis] : [],
        },
      );
      const banner = await screen.findByRole('alert', {
        name: german ? 'Automatischer Stopp' : 'Automatic stop',
      });
      expect(banner).toHaveTextContent(text);
    },
  );
});
