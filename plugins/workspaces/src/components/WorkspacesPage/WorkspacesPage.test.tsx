import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { workspacesApiRef } from '../../api';
import { WorkspacesPage } from './WorkspacesPage';

function project(name: string, owner: string, members?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      annotations: {
        'backstage.io/kubernetes-namespace': `ns-${name}`,
        ...(members && { 'workspaces.backstage.io/members': members }),
      },
    },
    spec: { owner },
  };
}

const entities = [
  project('fraud-detection', 'ml-team'),
  project('image-classifier', 'vision-team'),
  project('llm-playground', 'platform-admins', 'group:default/ml-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website' },
    spec: { owner: 'ml-team' },
  },
];

function renderPage(ownershipEntityRefs: string[]) {
  const identityApi = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    }),
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities })],
        [identityApiRef, identityApi],
        [workspacesApiRef, { getClusters: async () => [{ name: 'local' }] }],
      ]}
    >
      <WorkspacesPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('WorkspacesPage', () => {
  it('lists the projects the user is assigned to, as owner or member', async () => {
    await renderPage(['user:default/alice', 'group:default/ml-team']);

    expect(
      await screen.findByRole('link', { name: 'fraud-detection' }),
    ).toBeInTheDocument();
    expect(screen.getByText('ns-fraud-detection')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'llm-playground' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('image-classifier')).not.toBeInTheDocument();
    expect(screen.queryByText('website')).not.toBeInTheDocument();
  });

  it('tells users without projects how to get assigned', async () => {
    await renderPage(['user:default/dave', 'group:default/sales']);

    expect(
      await screen.findByText('You are not assigned to any project'),
    ).toBeInTheDocument();
  });
});
