import { ConfigReader } from '@backstage/config';
import { readQuotaLimits } from './readQuotaLimits';

describe('readQuotaLimits', () => {
  it('reads the limits of projects named by entity ref, which are no valid config keys', () => {
    const limits = readQuotaLimits(
      new ConfigReader({
        workspaces: {
          quotas: {
            perUser: { workspaces: 2 },
            projects: {
              'system:default/Vision': { workspaces: 5, cpu: '8' },
            },
          },
        },
      }),
    );
    expect(limits).toEqual({
      perProject: {},
      perUser: { workspaces: 2 },
      projects: {
        'system:default/vision': { workspaces: 5, cpuMillicores: 8000 },
      },
    });
  });
});
