import { ConfigReader } from '@backstage/config';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import {
  readBuildingBlocksConfig,
  readProvidedBuildingBlocks,
} from './readBuildingBlocksConfig';

const [jupyterlab, visionLab] = buildingBlocksConfig.environments;

function readEnvironments(environments: Array<Record<string, unknown>>) {
  return readBuildingBlocksConfig(
    new ConfigReader({
      workspaces: { ...buildingBlocksConfig, environments },
    } as any),
  ).environments;
}

const lab = (id: string, more: Record<string, unknown> = {}) => ({
  ...jupyterlab,
  id,
  title: id,
  ...more,
});

describe('environment lifecycle in the config', () => {
  it('reads lifecycle and replacedBy; active and absent leave both out', () => {
    const environments = readEnvironments([
      lab('old', { lifecycle: 'deprecated', replacedBy: 'new' }),
      lab('gone', { lifecycle: 'hidden', replacedBy: 'new' }),
      lab('new', { lifecycle: 'active' }),
      lab('plain'),
    ]);

    expect(
      environments.map(({ id, lifecycle, replacedBy }) => ({
        id,
        lifecycle,
        replacedBy,
      })),
    ).toEqual([
      { id: 'old', lifecycle: 'deprecated', replacedBy: 'new' },
      { id: 'gone', lifecycle: 'hidden', replacedBy: 'new' },
      { id: 'new', lifecycle: undefined, replacedBy: undefined },
      { id: 'plain', lifecycle: undefined, replacedBy: undefined },
    ]);
    expect(environments[2]).not.toHaveProperty('lifecycle');
  });

  it('refuses an unknown lifecycle, naming the key and the allowed values', () => {
    expect(() =>
      readEnvironments([lab('old', { lifecycle: 'retired' })]),
    ).toThrow(
      "Invalid config at 'workspaces.environments[0].lifecycle': 'retired' must be one of active, deprecated, hidden",
    );
  });

  it('refuses a replacedBy that names no environment, listing the ids', () => {
    expect(() =>
      readEnvironments([lab('a'), lab('old', { replacedBy: 'nope' })]),
    ).toThrow(
      "Invalid config at 'workspaces.environments[1].replacedBy': 'nope' is not an environment; use the id of one of a",
    );
  });

  it('refuses a hidden replacement', () => {
    expect(() =>
      readEnvironments([
        lab('old', { replacedBy: 'new' }),
        lab('new', { lifecycle: 'hidden' }),
      ]),
    ).toThrow(
      "Invalid config at 'workspaces.environments[0].replacedBy': 'new' is hidden",
    );
  });

  it('refuses a replacement offered to fewer projects than the replaced one', () => {
    // vision-lab is for the vision project only; jupyterlab for all
    expect(() =>
      readEnvironments([
        { ...jupyterlab, replacedBy: 'vision-lab' },
        visionLab,
      ]),
    ).toThrow(
      "Invalid config at 'workspaces.environments[0].replacedBy': 'vision-lab' is not available to every project 'jupyterlab' is",
    );
    expect(() =>
      readEnvironments([
        lab('old', { projects: ['vision', 'fraud'], replacedBy: 'new' }),
        lab('new', { projects: ['vision'] }),
      ]),
    ).toThrow("'new' is not available to every project 'old' is");
  });

  it('accepts a replacement offered to the same projects or to all', () => {
    const environments = readEnvironments([
      { ...visionLab, replacedBy: 'jupyterlab' },
      lab('old', { projects: ['vision'], replacedBy: 'new' }),
      lab('new', { projects: ['system:default/vision', 'fraud'] }),
      jupyterlab,
    ]);

    expect(environments.map(e => e.replacedBy)).toEqual([
      'jupyterlab',
      'new',
      undefined,
      undefined,
    ]);
  });

  it('refuses replacements that go round in a cycle, itself included', () => {
    expect(() => readEnvironments([lab('a', { replacedBy: 'a' })])).toThrow(
      "Invalid config at 'workspaces.environments[0].replacedBy': replacements go round in a cycle (a -> a)",
    );
    expect(() =>
      readEnvironments([
        lab('a', { replacedBy: 'b' }),
        lab('b', { replacedBy: 'c' }),
        lab('c', { replacedBy: 'a' }),
      ]),
    ).toThrow(
      "Invalid config at 'workspaces.environments[0].replacedBy': replacements go round in a cycle (a -> b -> c -> a)",
    );
  });

  it('holds a provider to the same rules, naming the provider', () => {
    expect(() =>
      readProvidedBuildingBlocks(
        {
          environments: [
            {
              ...(readEnvironments([lab('old')])[0] as any),
              replacedBy: 'missing',
            },
          ],
        },
        'images',
      ),
    ).toThrow(
      "Invalid config at 'provider 'images'.environments[0].replacedBy': 'missing' is not an environment",
    );
  });
});
