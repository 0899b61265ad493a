import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { WorkspaceBuildingBlockPicker } from './WorkspaceBuildingBlockPicker';

// the backend's answer for one project; the picker's own logic is under test
const blocks = {
  environments: [
    { id: 'jupyterlab', title: 'JupyterLab', description: 'Python with SciPy' },
    { id: 'vscode', title: 'VS Code' },
  ],
  computePresets: [{ id: 'cpu-small', title: 'Small CPU' }],
  dataSources: [
    { id: 'home', title: 'Home volume' },
    { id: 'examples', title: 'Example notebooks' },
  ],
};

async function renderPicker(props: {
  kind: string;
  project?: string;
  type?: string;
  formData?: unknown;
}) {
  const requested: string[] = [];
  const onChange = jest.fn();
  const fetchApi = {
    fetch: async (url: RequestInfo | URL) => {
      requested.push(String(url));
      return new Response(JSON.stringify(blocks), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, fetchApi],
        [
          discoveryApiRef,
          { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
        ],
      ]}
    >
      <WorkspaceBuildingBlockPicker
        {...({
          formData: props.formData,
          onChange,
          schema: { title: 'Environment', type: props.type ?? 'string' },
          uiSchema: { 'ui:options': { kind: props.kind } },
          formContext: { formData: { project: props.project } },
          idSchema: { $id: 'root_field' },
          rawErrors: [],
          required: true,
        } as any)}
      />
    </TestApiProvider>,
  );
  return { requested, onChange };
}

describe('WorkspaceBuildingBlockPicker', () => {
  it('asks for a project first', async () => {
    const { requested } = await renderPicker({ kind: 'environment' });
    expect(screen.getByText('Pick a project first')).toBeInTheDocument();
    expect(requested).toEqual([]);
  });

  it("lists the chosen project's environments and picks one", async () => {
    const { requested, onChange } = await renderPicker({
      kind: 'environment',
      project: 'system:default/fraud-detection',
    });
    fireEvent.mouseDown(await screen.findByRole('button'));
    const listbox = within(await screen.findByRole('listbox'));
    expect(listbox.getAllByRole('option').map(o => o.textContent)).toEqual([
      'JupyterLab',
      'VS Code',
    ]);
    fireEvent.click(listbox.getByText('VS Code'));
    expect(onChange).toHaveBeenCalledWith('vscode');
    expect(requested).toEqual([
      'http://backend/api/workspaces/building-blocks?project=system%3Adefault%2Ffraud-detection',
    ]);
  });

  it('drops a choice the project does not offer', async () => {
    const { onChange } = await renderPicker({
      kind: 'dataSource',
      type: 'array',
      project: 'system:default/vision',
      formData: ['home', 'scratch'],
    });
    await screen.findByRole('button');
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(onChange).toHaveBeenCalledWith(['home']);
  });
});
