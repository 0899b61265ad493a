import {
  HttpLibrary,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  ResponseContext,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { errorTypeOf } from '../metrics/errorTypeOf';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';

/**
 * Sends requests through `inner` and counts each one in
 * `workspaces.kubernetes.requests` by method and answer. Sits under the
 * 429 retry (retryingHttpLibrary), so every attempt counts, 429s included.
 */
export function countingHttpLibrary(options: {
  cluster: string;
  metrics: WorkspacesMetrics;
  inner?: HttpLibrary;
}): HttpLibrary {
  const inner = options.inner ?? new IsomorphicFetchHttpLibrary();
  const { cluster, metrics } = options;
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const method = request.getHttpMethod().toString();
      try {
        const response = await inner.send(request).toPromise();
        metrics.kubernetesRequest({
          cluster,
          method,
          statusCode: response.httpStatusCode,
        });
        return response;
      } catch (error) {
        metrics.kubernetesRequest({
          cluster,
          method,
          errorType: errorTypeOf(error),
        });
        throw error;
      }
    },
  });
}
