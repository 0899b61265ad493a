import { translationApiRef } from '@backstage/core-plugin-api/alpha';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { germanTranslationApi } from '../../__testUtils__/translation';
import { screen, within } from '@testing-library/react';
import { WorkspaceSearchDocument } from '@backstage-workspaces/plugin-workspaces-common';
import { SearchResultListItemExtensions } from '@backstage/plugin-search-react';
import { WorkspaceSearchResultListItem as WorkspaceSearchResultExtension } from '../../plugin';
import { WorkspaceSearchResultListItem } from './WorkspaceSearchResultListItem';

const result: WorkspaceSearchDocument = {
  title: 'notebook',
  text: 'Workspace in system:default/vision, environment JupyterLab, created by user:default/bob, Failed',
  location: '/workspaces/6f1c0d1e-1111-4a4a-9b9b-123456789abc',
  name: 'notebook',
  project: 'system:default/vision',
  environment: 'JupyterLab',
  createdBy: 'user:default/bob',
  status: 'Failed',
};

describe('WorkspaceSearchResultListItem', () => {
  it('links the name to the details page and shows project, environment, creator and status as text', async () => {
    await renderInTestApp(<WorkspaceSearchResultListItem result={result} />);
    expect(
      await screen.findByRole('link', { name: 'notebook' }),
    ).toHaveAttribute('href', result.location);
    expect(screen.getByText(result.text)).toBeInTheDocument();
    expect(screen.getByText('Project: vision')).toBeInTheDocument();
    expect(screen.getByText('Environment: JupyterLab')).toBeInTheDocument();
    expect(screen.getByText('Created by: bob')).toBeInTheDocument();
    // the status in words, not a colour alone
    expect(screen.getByText('Status: Failed')).toBeInTheDocument();
  });

  it('speaks German where the app does; names and the environment as they are', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[translationApiRef, germanTranslationApi()]]}>
        <WorkspaceSearchResultListItem result={result} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Projekt: vision')).toBeInTheDocument();
    expect(screen.getByText('Umgebung: JupyterLab')).toBeInTheDocument();
    expect(screen.getByText('Angelegt von: bob')).toBeInTheDocument();
    expect(screen.getByText('Status: Fehlgeschlagen')).toBeInTheDocument();
  });

  it('shows the highlighted name and text of a search engine that highlights', async () => {
    await renderInTestApp(
      <WorkspaceSearchResultListItem
        result={result}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: {
            title: '<em>note</em>book',
            text: 'Workspace in <em>vision</em>',
          },
        }}
      />,
    );
    const link = await screen.findByRole('link');
    expect(link).toHaveTextContent('notebook');
    expect(within(link).getByText('note').tagName).toBe('MARK');
    expect(screen.getByText('vision').tagName).toBe('MARK');
  });

  it('renders nothing without a result', async () => {
    await renderInTestApp(
      <div data-testid="list">
        <WorkspaceSearchResultListItem />
      </div>,
    );
    expect(await screen.findByTestId('list')).toBeEmptyDOMElement();
  });

  it("as the legacy extension, renders the workspace results only, leaving others to the page's default", async () => {
    await renderInTestApp(
      <SearchResultListItemExtensions
        results={[
          { type: 'workspace', document: result },
          {
            type: 'software-catalog',
            document: {
              title: 'vision',
              text: 'The vision project',
              location: '/catalog/default/system/vision',
            },
          },
        ]}
      >
        <WorkspaceSearchResultExtension />
      </SearchResultListItemExtensions>,
    );
    expect(
      await screen.findByRole('link', { name: 'notebook' }),
    ).toHaveAttribute('href', result.location);
    expect(screen.getAllByText(/^Status: /)).toHaveLength(1);
    expect(await screen.findByText('The vision project')).toBeInTheDocument();
  });
});
