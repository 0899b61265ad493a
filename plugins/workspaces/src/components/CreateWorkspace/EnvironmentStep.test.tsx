import { WorkspaceEnvironment } from '@backstage-workspaces/plugin-workspaces-common';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithTranslations as render } from '../../__testUtils__/translation';
import { EnvironmentStep } from './EnvironmentStep';

const environment = (
  id: string,
  changes: Partial<WorkspaceEnvironment> = {},
): WorkspaceEnvironment => ({
  id,
  title: id,
  image: `quay.io/jupyter/${id}:2024`,
  imagePullPolicy: 'IfNotPresent',
  env: {},
  tools: [{ id: 'lab', type: 'jupyterlab', title: 'JupyterLab', port: 8888 }],
  scope: { kind: 'all' },
  ...changes,
});

const environments = [
  environment('minimal'),
  environment('custom', {
    customImage: {
      allowedRegistries: ['registry.example.com', 'ghcr.io/acme'],
    },
  }),
];

function renderStep(value: string, imageError?: string) {
  const onImageChange = jest.fn();
  render(
    <EnvironmentStep
      environments={environments}
      value={value}
      onChange={jest.fn()}
      image=""
      imageError={imageError}
      onImageChange={onImageChange}
    />,
  );
  return onImageChange;
}

describe('EnvironmentStep', () => {
  it('offers no image field for an environment without customImage', () => {
    renderStep('minimal');
    expect(screen.queryByLabelText('Custom image (optional)')).toBeNull();
  });

  it('offers an image field with the allowed registries, and passes what is typed', () => {
    const onImageChange = renderStep('custom');
    const field = screen.getByLabelText('Custom image (optional)');
    expect(
      screen.getByText(
        'An image from registry.example.com, ghcr.io/acme; empty runs quay.io/jupyter/custom:2024',
      ),
    ).toBeInTheDocument();
    fireEvent.change(field, { target: { value: ' ghcr.io/acme/lab:1 ' } });
    expect(onImageChange).toHaveBeenCalledWith('ghcr.io/acme/lab:1');
  });

  it("shows the image's problem at the field", () => {
    renderStep('custom', "'ubuntu' is from docker.io/library/ubuntu");
    expect(
      screen.getByText("'ubuntu' is from docker.io/library/ubuntu"),
    ).toBeInTheDocument();
  });

  it('names the credentials an environment comes with', async () => {
    render(
      <EnvironmentStep
        environments={[environment('private-lab'), environment('public-lab')]}
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
        image=""
        onImageChange={jest.fn()}
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
