import { render, screen } from '@testing-library/react';
import { EnvironmentStep } from './EnvironmentStep';

const scope = { kind: 'all' } as const;
const environment = (id: string, title: string) => ({
  id,
  title,
  image: `registry.example.com/${id}:1`,
  imagePullPolicy: 'IfNotPresent' as const,
  env: {},
  tools: [],
  scope,
});

describe('EnvironmentStep', () => {
  it('names the credentials an environment comes with', async () => {
    render(
      <EnvironmentStep
        environments={[
          environment('private-lab', 'Private lab'),
          environment('public-lab', 'Public lab'),
        ]}
        credentials={[
          {
            id: 'team-registry',
            title: 'Team registry',
            type: 'registry',
            environments: ['private-lab'],
            dataSources: [],
          },
          {
            id: 'wandb',
            title: 'W&B key',
            type: 'secret',
            environments: ['private-lab'],
            dataSources: [],
          },
        ]}
        value="private-lab"
        onChange={jest.fn()}
      />,
    );
    expect(
      await screen.findByText(
        'Pulls its image with Team registry; gets its values with W&B key',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Pulls its image/)).toHaveLength(1);
  });
});
