import { toWorkspaceSearchDocument } from './toWorkspaceSearchDocument';

const entry = {
  id: '6f1c0d1e-1111-4a4a-9b9b-123456789abc',
  name: 'notebook',
  project: 'system:default/vision',
  environment: 'jupyterlab',
  environmentTitle: 'JupyterLab',
  createdBy: 'user:default/bob',
  status: 'Running' as const,
};

describe('toWorkspaceSearchDocument', () => {
  it('makes the name the title, the facts text and fields, and the id the resource search checks', () => {
    expect(
      toWorkspaceSearchDocument(entry, { locationTemplate: '/workspaces/:id' }),
    ).toEqual({
      title: 'notebook',
      text: 'Workspace in system:default/vision, environment JupyterLab, created by user:default/bob, Running',
      location: `/workspaces/${entry.id}`,
      name: 'notebook',
      project: 'system:default/vision',
      environment: 'JupyterLab',
      createdBy: 'user:default/bob',
      status: 'Running',
      authorization: { resourceRef: entry.id },
    });
  });

  it("shows the environment's id when the config no longer has its title", () => {
    const { environmentTitle, ...withoutTitle } = entry;
    const document = toWorkspaceSearchDocument(withoutTitle, {
      locationTemplate: '/workspaces/:id',
    });
    expect(document.environment).toBe('jupyterlab');
    expect(document.text).toContain('environment jupyterlab,');
  });

  it('puts the id into the location template, encoded', () => {
    expect(
      toWorkspaceSearchDocument(
        { ...entry, id: 'a b/c' },
        { locationTemplate: '/portal/workspaces/:id/overview' },
      ).location,
    ).toBe('/portal/workspaces/a%20b%2Fc/overview');
  });
});
