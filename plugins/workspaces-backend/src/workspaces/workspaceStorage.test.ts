import { WorkspaceDataSource } from '@backstage-workspaces/plugin-workspaces-common';
import { workspaceStorage } from './workspaceStorage';

const sources = [
  {
    id: 'home',
    title: 'Home',
    type: 'volume',
    mountPath: '/home/jovyan/work',
    size: '10Gi',
    accessMode: 'ReadWriteOnce',
    retain: false,
  },
  {
    id: 'archive',
    title: 'Archive',
    type: 'volume',
    mountPath: '/archive',
    size: '1Gi',
    accessMode: 'ReadWriteOnce',
    retain: true,
  },
  {
    id: 'examples',
    title: 'Examples',
    type: 'git',
    mountPath: '/examples',
    repository: 'http://127.0.0.1/examples.git',
  },
] as unknown as WorkspaceDataSource[];

describe('workspaceStorage', () => {
  it('sums the volumes the workspace owns, at its chosen size or the source default', () => {
    expect(
      workspaceStorage(
        {
          desiredState: 'Stopped',
          dataSources: [
            { id: 'home', size: '20Gi' },
            { id: 'archive' },
            { id: 'examples' },
          ],
        },
        sources,
      ),
    ).toEqual({
      bytes: 21 * 2 ** 30,
      volumes: [
        { dataSource: 'home', size: '20Gi', retained: false },
        { dataSource: 'archive', size: '1Gi', retained: true },
      ],
    });
  });

  it('holds only the retained volumes once dormancy deleted the volumes of a stopped workspace', () => {
    expect(
      workspaceStorage(
        {
          desiredState: 'Stopped',
          dataSources: [{ id: 'home' }, { id: 'archive' }],
          volumesDeletedAt: new Date(),
        },
        sources,
      ),
    ).toEqual({
      bytes: 2 ** 30,
      volumes: [{ dataSource: 'archive', size: '1Gi', retained: true }],
    });
  });

  it('counts nothing for a data source that is no longer configured', () => {
    expect(
      workspaceStorage(
        { desiredState: 'Stopped', dataSources: [{ id: 'gone', size: '5Gi' }] },
        sources,
      ),
    ).toEqual({ bytes: 0, volumes: [] });
  });
});
