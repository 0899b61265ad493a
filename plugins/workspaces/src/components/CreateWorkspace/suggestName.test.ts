import {
  checkWorkspaceName,
  WORKSPACE_NAME_RULE,
} from '@backstage-workspaces/plugin-workspaces-common';
import { mockWorkspacesApi } from '../../__testUtils__/fixtures';
import {
  listTakenNames,
  suggestWorkspaceName,
  workspaceNameQuery,
} from './suggestName';

describe('suggestWorkspaceName', () => {
  it('suggests <environment>-1 in a project without such names', () => {
    expect(suggestWorkspaceName('jupyterlab', [])).toBe('jupyterlab-1');
  });

  it('takes the first n not taken, skipping taken names and filling gaps', () => {
    expect(
      suggestWorkspaceName('jupyterlab', [
        'jupyterlab-1',
        'jupyterlab-2',
        'jupyterlab-4',
        'vscode-3',
      ]),
    ).toBe('jupyterlab-3');
  });

  it('does not count names that only look alike as taken', () => {
    expect(
      suggestWorkspaceName('vscode', ['vscode', 'vscode-01', 'my-vscode-1']),
    ).toBe('vscode-1');
  });

  it('cuts a long environment id so that the name keeps to the 40-character limit', () => {
    const id = `${'a'.repeat(30)}-${'b'.repeat(20)}`; // 51 characters
    const taken = Array.from(
      { length: 9 },
      (_, i) => `${id.slice(0, 38)}-${i + 1}`,
    );
    const name = suggestWorkspaceName(id, taken);
    expect(name).toBe(`${id.slice(0, 37)}-10`);
    expect(name).toHaveLength(WORKSPACE_NAME_RULE.maxLength);
    expect(checkWorkspaceName(name)).toBeUndefined();
  });

  it('drops a "-" left at the end of the cut id, so the name stays valid', () => {
    // the 38th character is a "-"
    const id = `${'a'.repeat(37)}-${'b'.repeat(10)}`;
    const name = suggestWorkspaceName(id, []);
    expect(name).toBe(`${'a'.repeat(37)}-1`);
    expect(checkWorkspaceName(name)).toBeUndefined();
  });
});

describe('workspaceNameQuery', () => {
  it('is the environment id when it is short', () => {
    expect(workspaceNameQuery('jupyterlab')).toBe('jupyterlab');
  });

  it('is contained in every suggestion of a long id, as n grows to three digits', () => {
    const id = 'c'.repeat(45);
    const query = workspaceNameQuery(id);
    expect(query).toBe('c'.repeat(36));
    const taken: string[] = [];
    for (let n = 1; n <= 120; n++) {
      const name = suggestWorkspaceName(id, taken);
      expect(name).toContain(query);
      expect(name.endsWith(`-${n}`)).toBe(true);
      taken.push(name);
    }
  });
});

describe('listTakenNames', () => {
  it('reads every page of the names in the project that contain the query', async () => {
    const api = mockWorkspacesApi();
    api.listWorkspaces
      .mockResolvedValueOnce({
        items: [{ name: 'jupyterlab-1' }] as never,
        nextCursor: 'page-2',
      })
      .mockResolvedValueOnce({ items: [{ name: 'jupyterlab-2' }] as never });
    await expect(
      listTakenNames(api, 'system:default/vision', 'jupyterlab'),
    ).resolves.toEqual(['jupyterlab-1', 'jupyterlab-2']);
    expect(api.listWorkspaces).toHaveBeenNthCalledWith(2, {
      project: 'system:default/vision',
      q: 'jupyterlab',
      limit: 200,
      cursor: 'page-2',
    });
  });

  it('gives what it read when a page fails, so the stepper still suggests', async () => {
    const api = mockWorkspacesApi();
    api.listWorkspaces
      .mockResolvedValueOnce({
        items: [{ name: 'jupyterlab-1' }] as never,
        nextCursor: 'page-2',
      })
      .mockRejectedValueOnce(new Error('503'));
    await expect(
      listTakenNames(api, 'system:default/vision', 'jupyterlab'),
    ).resolves.toEqual(['jupyterlab-1']);
  });
});
