import {
  createConfiguration,
  HttpLibrary,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import {
  TooManyRequestsPolicy,
  tooManyRequestsRetryDelay,
} from './tooManyRequestsRetryDelay';
import { TooManyRequests } from './TooManyRequests';

/**
 * Sends requests through `inner`, and sends a request again after a 429
 * answer, as long as {@link tooManyRequestsRetryDelay} says (honouring
 * Retry-After); every 429 is counted. The last 429 goes to the caller.
 */
export function retryingHttpLibrary(options: {
  counter: TooManyRequests;
  policy?: TooManyRequestsPolicy;
  inner?: HttpLibrary;
}): HttpLibrary {
  const inner = options.inner ?? new IsomorphicFetchHttpLibrary();
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      for (let retry = 0; ; retry++) {
        const response = await inner.send(request).toPromise();
        if (response.httpStatusCode !== 429) {
          return response;
        }
        const delay = tooManyRequestsRetryDelay({
          retry,
          retryAfter: response.headers['retry-after'],
          nowMs: Date.now(),
          random: Math.random(),
          policy: options.policy,
        });
        options.counter.record(
          `${request.getHttpMethod()} ${new URL(request.getUrl()).pathname}`,
          delay,
        );
        if (delay === undefined) {
          return response;
        }
        // read the answer, so its keep-alive connection serves the retry
        await response.body.text().catch(() => undefined);
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    },
  });
}

/**
 * Makes every API client of `kubeConfig` (`makeApiClient`, and so
 * `KubernetesObjectApi.makeApiClient`) send through `httpApi`. Watches
 * don't go through API clients; PodWatcher backs off from their 429 itself.
 */
export function sendApiRequestsThrough(
  kubeConfig: KubeConfig,
  httpApi: HttpLibrary,
): KubeConfig {
  kubeConfig.makeApiClient = (ApiClient => {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) {
      throw new Error('No active cluster!');
    }
    return new ApiClient(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: kubeConfig },
        httpApi,
      }),
    );
  }) as KubeConfig['makeApiClient'];
  return kubeConfig;
}
