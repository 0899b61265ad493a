import { WorkspaceDataSource } from '@backstage-workspaces/plugin-workspaces-common';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithTranslations as render } from '../../__testUtils__/translation';
import { DataStep } from './DataStep';
import { initialForm } from './workspaceForm';

const scope = { kind: 'all' } as const;
const dataSources: WorkspaceDataSource[] = [
  {
    id: 'home',
    title: 'Home',
    mountPath: '/home/jovyan/work',
    type: 'volume',
    size: '10Gi',
    accessMode: 'ReadWriteOnce',
    retain: false,
    scope,
  },
  {
    id: 'tmp',
    title: 'Scratch',
    mountPath: '/scratch',
    type: 'scratch',
    size: '50Gi',
    scope,
  },
];

describe('DataStep', () => {
  it('says what each type of data source gives, scratch space included', () => {
    render(
      <DataStep
        dataSources={dataSources}
        form={initialForm('system:default/vision', {
          environments: [],
          computePresets: [],
          dataSources,
        })}
        problems={new Map()}
        onChange={jest.fn()}
      />,
    );
    expect(screen.getByText('New 10Gi volume')).toBeInTheDocument();
    expect(
      screen.getByText('Scratch space of 50Gi, emptied at every stop'),
    ).toBeInTheDocument();
    // the new volume is chosen at first, scratch space is not
    expect(screen.getByRole('checkbox', { name: /Home/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Scratch/ })).not.toBeChecked();
  });

  it('names the credential a private repository is cloned with', async () => {
    const examples: WorkspaceDataSource = {
      id: 'examples',
      title: 'Examples',
      mountPath: '/examples',
      type: 'git',
      repository: 'https://git.example.com/private.git',
      scope,
    };
    render(
      <DataStep
        dataSources={[...dataSources, examples]}
        credentials={[
          {
            id: 'examples-token',
            title: 'Examples token',
            type: 'git',
            environments: [],
            dataSources: ['examples'],
          },
        ]}
        form={initialForm('system:default/vision', {
          environments: [],
          computePresets: [],
          dataSources,
        })}
        problems={new Map()}
        onChange={jest.fn()}
      />,
    );
    expect(
      await screen.findByText('Clones with Examples token'),
    ).toBeInTheDocument();
    // only the git source that uses it says so
    expect(screen.getAllByText(/Clones with/)).toHaveLength(1);
  });

  it('lets the user pick among the git credentials offered for a repository', async () => {
    const examples: WorkspaceDataSource = {
      id: 'examples',
      title: 'Examples',
      mountPath: '/examples',
      type: 'git',
      repository: 'https://git.example.com/private.git',
      scope,
    };
    const token = (id: string, title: string) => ({
      id,
      title,
      type: 'git' as const,
      environments: [],
      dataSources: ['examples'],
    });
    const onChange = jest.fn();
    const form = initialForm('system:default/vision', {
      environments: [],
      computePresets: [],
      dataSources,
    });
    render(
      <DataStep
        dataSources={[...dataSources, examples]}
        credentials={[
          token('team-token', 'Team token'),
          token('my-token', 'My token'),
        ]}
        form={{ ...form, dataSources: [{ id: 'examples', size: '' }] }}
        problems={new Map()}
        onChange={onChange}
      />,
    );
    fireEvent.mouseDown(
      await screen.findByRole('button', { name: /Team token/ }),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'My token' }));
    expect(onChange).toHaveBeenCalledWith({
      dataSources: [{ id: 'examples', size: '', credential: 'my-token' }],
    });
  });
});
