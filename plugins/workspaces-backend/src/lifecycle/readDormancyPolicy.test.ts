import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { dormancyAppliesTo, readDormancyPolicy } from './readDormancyPolicy';

const read = (dormancy: JsonObject) =>
  readDormancyPolicy(new ConfigReader({ workspaces: { dormancy } }));

describe('readDormancyPolicy', () => {
  it('is off without workspaces.dormancy', () => {
    expect(readDormancyPolicy(new ConfigReader({ workspaces: {} }))).toBe(
      undefined,
    );
  });

  it('reads the policy with its defaults, projects as full entity refs', () => {
    expect(
      read({ warnAfterDays: 30, deleteAfterDays: 7, projects: ['vision'] }),
    ).toEqual({
      warnAfterDays: 30,
      deleteAfterDays: 7,
      delete: 'volumes',
      projects: ['system:default/vision'],
      intervalSeconds: 3600,
    });
  });

  it.each([
    [{ deleteAfterDays: 7 }, /workspaces\.dormancy\.warnAfterDays.*required/],
    [{ warnAfterDays: 7 }, /workspaces\.dormancy\.deleteAfterDays.*required/],
    [
      { warnAfterDays: 0, deleteAfterDays: 7 },
      /workspaces\.dormancy\.warnAfterDays.*above 0/,
    ],
    [
      { warnAfterDays: 30, deleteAfterDays: -1 },
      /workspaces\.dormancy\.deleteAfterDays.*above 0/,
    ],
    [
      { warnAfterDays: 30, deleteAfterDays: 7, delete: 'everything' },
      /workspaces\.dormancy\.delete.*'everything' must be one of volumes, workspace/,
    ],
    [
      { warnAfterDays: 30, deleteAfterDays: 7, projects: ['system:default/'] },
      /workspaces\.dormancy\.projects\[0\]/,
    ],
    [
      { warnAfterDays: 30, deleteAfterDays: 7, intervalSeconds: 0 },
      /workspaces\.dormancy\.intervalSeconds/,
    ],
  ])('refuses %j, naming the key', (dormancy, message) => {
    expect(() => read(dormancy)).toThrow(message);
  });

  it('applies to the listed projects only, or to all without a list', () => {
    const listed = read({
      warnAfterDays: 1,
      deleteAfterDays: 1,
      projects: ['system:default/vision'],
    });
    expect(dormancyAppliesTo(listed, 'system:default/vision')).toBe(true);
    expect(dormancyAppliesTo(listed, 'system:default/fraud')).toBe(false);
    const all = read({ warnAfterDays: 1, deleteAfterDays: 1 });
    expect(dormancyAppliesTo(all, 'system:default/fraud')).toBe(true);
    expect(dormancyAppliesTo(undefined, 'system:default/vision')).toBe(false);
  });
});
