import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { migrateDatabase } from '../database/migrateDatabase';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { QuotaService, QuotaTarget } from './QuotaService';

jest.setTimeout(60_000);

const databases = createTestDatabases();

type Quotas = Awaited<
  ReturnType<NonNullable<WorkspaceRuntime['readResourceQuotas']>>
>;

/** A runtime whose quota reads are answered by hand, and counted. */
function runtimeAnsweredByHand() {
  const reads: Array<{
    namespace: string;
    answer: (quotas: Quotas) => void;
  }> = [];
  const runtime = {
    readResourceQuotas: (target: { namespace: string }) =>
      new Promise<Quotas>(answer => {
        reads.push({ namespace: target.namespace, answer });
      }),
  } as unknown as WorkspaceRuntime;
  return { runtime, reads };
}

const gpuQuota = (used: string): Quotas => [
  {
    name: 'gpus',
    hard: { 'requests.nvidia.com/gpu': '1' },
    used: { 'requests.nvidia.com/gpu': used },
  },
];

const oneGpu = {
  computePresetId: 'gpu-1',
  resources: { cpuMillicores: 4000, memoryBytes: 16 * 2 ** 30, gpus: 1 },
};

const flush = () => new Promise(resolve => setImmediate(resolve));

describe.each(databases.eachSupportedId())(
  "the quota check's reads of ResourceQuotas on %s",
  databaseId => {
    async function setUp() {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const { runtime, reads } = runtimeAnsweredByHand();
      const quotas = new QuotaService({
        store: new WorkspaceStore(knex),
        limits: { perProject: {}, perUser: {}, projects: {} },
        buildingBlocks: await BuildingBlockCatalog.create({
          config: readBuildingBlocksConfig(
            new ConfigReader({ workspaces: buildingBlocksConfig }),
          ),
          providers: [],
        }),
        runtime,
        logger: mockServices.logger.mock(),
      });
      return { quotas, reads };
    }

    const target = (namespace: string): QuotaTarget => ({
      projectRef: `system:default/${namespace}`,
      namespace,
      userRef: 'user:default/alice',
    });

    it('checks asking while a read of the namespace is in flight share it; other namespaces and later checks read again', async () => {
      const { quotas, reads } = await setUp();

      const burst = [1, 2, 3].map(() => quotas.check(target('vision'), oneGpu));
      const other = quotas.check(target('fraud'), oneGpu);
      await flush();
      expect(reads.map(r => r.namespace)).toEqual(['vision', 'fraud']);

      reads[0].answer(gpuQuota('0'));
      reads[1].answer(gpuQuota('0'));
      await Promise.all([...burst, other]);

      // settled: the next check reads what the namespace has now
      const later = quotas.check(target('vision'), oneGpu);
      await flush();
      expect(reads.map(r => r.namespace)).toEqual([
        'vision',
        'fraud',
        'vision',
      ]);
      reads[2].answer(gpuQuota('1'));
      await expect(later).rejects.toThrow(/nvidia\.com\/gpu/);
    });

    it('every check that shared a read is refused by the quota it shows', async () => {
      const { quotas, reads } = await setUp();

      const burst = [1, 2].map(() =>
        quotas.check(target('vision'), oneGpu).then(
          () => 'started',
          (error: Error) => error.message,
        ),
      );
      await flush();
      expect(reads).toHaveLength(1);
      reads[0].answer(gpuQuota('1'));
      const outcomes = await Promise.all(burst);
      expect(outcomes).toEqual([
        expect.stringMatching(/gpus/),
        expect.stringMatching(/gpus/),
      ]);
    });
  },
);
