import {
  externalToolPath,
  ingressToolUrl,
  toolBasePathEnvName,
  toolServePath,
} from './toolPaths';
import { toolTypes } from './toolTypes';

const workspace = {
  id: '5b1f0c36-0c43-4e8a-9b8e-000000000001',
  name: 'churn-model',
  projectRef: 'system:default/vision',
  namespace: 'vision-ns',
};
const connect = {
  mode: 'path' as const,
  connectBasePath: '/api/workspaces/connect',
};
const hosts = {
  mode: 'host' as const,
  urlTemplate: 'https://{tool}--{workspace}--{project}.tools.example.com',
};
const lab = { id: 'lab', type: 'jupyterlab' as const };
const board = { id: 'board', type: 'tensorboard' as const };

describe('tool paths', () => {
  it('opens tools below the proxy, JupyterLab serving under that path and others at /', () => {
    const proxied = `${connect.connectBasePath}/${workspace.id}/lab/`;
    expect(externalToolPath(workspace, {}, lab, connect)).toBe(proxied);
    expect(toolServePath(workspace, {}, lab, connect)).toBe(proxied);
    expect(toolServePath(workspace, {}, board, connect)).toBe('/');
    expect(
      toolServePath(
        workspace,
        {},
        { ...board, basePath: '/{namespace}/{tool}' },
        connect,
      ),
    ).toBe('/vision-ns/board/');
    expect(toolBasePathEnvName({ id: 'api-docs' })).toBe(
      'TOOL_API_DOCS_BASE_PATH',
    );
  });

  it('serves every tool at / of its own host in host mode', () => {
    expect(externalToolPath(workspace, {}, lab, hosts)).toBe('/');
    expect(toolServePath(workspace, {}, lab, hosts)).toBe('/');
    expect(toolServePath(workspace, {}, board, hosts)).toBe('/');
  });

  it('links to the Ingress with the filled templates, https with a TLS secret', () => {
    const environment = {
      ingress: {
        host: '{tool}-{workspace}.{project}.ws.example.com',
        path: '/{workspaceId}',
        tlsSecretName: 'wildcard-tls',
      },
    };
    expect(ingressToolUrl(workspace, environment, lab)).toBe(
      `https://lab-churn-model.vision.ws.example.com/${workspace.id}/`,
    );
    expect(toolServePath(workspace, environment, lab, connect)).toBe(
      `/${workspace.id}/`,
    );
    expect(
      ingressToolUrl(
        workspace,
        { ingress: { host: '{workspace}.example.com', path: '/' } },
        lab,
      ),
    ).toBe('http://churn-model.example.com/');
    expect(
      ingressToolUrl(
        workspace,
        {
          ingress: {
            host: '{workspace}.example.com',
            path: '/',
            scheme: 'https',
          },
        },
        lab,
      ),
    ).toBe('https://churn-model.example.com/');
    expect(ingressToolUrl(workspace, {}, lab)).toBeUndefined();
  });
});

describe('toolTypes', () => {
  it('tells JupyterLab its path, once per environment, and RStudio its root by a header', () => {
    const env: Record<string, string> = {};
    Object.assign(env, toolTypes.jupyterlab.env!('/lab/', env));
    expect(env).toEqual({
      NB_PREFIX: '/lab/',
      NOTEBOOK_ARGS: '--ServerApp.base_url=/lab/ --IdentityProvider.token=',
    });
    // a second JupyterLab of the same image would clash: the first one wins
    expect(toolTypes.jupyterlab.env!('/other/', env)).toEqual({});
    expect(
      toolTypes.rstudio.proxyHeaders!('/api/workspaces/connect/1/r/'),
    ).toEqual({ 'X-RStudio-Root-Path': '/api/workspaces/connect/1/r' });
    expect(toolTypes.vscode.env).toBeUndefined();
  });
});
