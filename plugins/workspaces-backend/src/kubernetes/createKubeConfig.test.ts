import { CoreV1Api, HttpMethod, RequestContext } from '@kubernetes/client-node';
import { getKubeLocal } from '@internal/kube-local';
import { createKubeConfig } from './createKubeConfig';

describe('createKubeConfig', () => {
  const kube = getKubeLocal();
  const kubeConfig = createKubeConfig({
    name: 'local',
    url: kube.server,
    caData: kube.caData,
    authProvider: 'serviceAccount',
    serviceAccountToken: kube.token,
    skipTLSVerify: false,
  });

  it('sends every request through one keep-alive agent with the TLS options', async () => {
    const agents = [];
    for (let i = 0; i < 2; i++) {
      const context = new RequestContext(`${kube.server}/api`, HttpMethod.GET);
      await kubeConfig.applySecurityAuthentication(context);
      agents.push(context.getAgent() as any);
    }
    expect(agents[0]).toBe(agents[1]);
    expect(agents[0].keepAlive).toBe(true);
    expect(agents[0].options.ca).toBeDefined();

    // and the API server, verified with the cluster's CA, answers through it
    const core = kubeConfig.makeApiClient(CoreV1Api);
    await expect(core.readNamespace({ name: 'default' })).resolves.toEqual(
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'default' }),
      }),
    );
  });
});
