import { ConfigReader } from '@backstage/config';
import { readToolsConfig, toolOrigin } from './toolAddressing';

const workspace = {
  id: '5b1f0c36-0c43-4e8a-9b8e-000000000001',
  name: 'churn-model',
  projectRef: 'system:default/Fraud_Detection',
  namespace: 'ml-fraud',
};
const config = (tools?: object) =>
  new ConfigReader(tools ? { workspaces: { tools } } : {});

describe('readToolsConfig', () => {
  it('serves tools on hosts of their own by default, under *.tools.localhost for a local backend', () => {
    expect(
      readToolsConfig(config(), 'http://localhost:7007/api/workspaces'),
    ).toEqual({
      mode: 'host',
      urlTemplate:
        'http://{tool}--{workspace}--{project}.tools.localhost:{listenPort}',
      listen: { host: '', port: 7008 },
    });
  });

  it('asks a backend that is not local for its tool hosts, naming the key', () => {
    expect(() =>
      readToolsConfig(config(), 'https://backstage.example.com/api/workspaces'),
    ).toThrow(/workspaces\.tools\.baseUrl is required/);
  });

  it('takes path mode only when asked, and checks every value it reads', () => {
    expect(
      readToolsConfig(config({ mode: 'path' }), 'https://b.example.com').mode,
    ).toBe('path');
    const bad: Array<[object, RegExp]> = [
      [
        { mode: 'subdomain' },
        /workspaces\.tools\.mode must be "host" or "path"/,
      ],
      [
        { listen: { port: 70000 } },
        /workspaces\.tools\.listen\.port must be a port number/,
      ],
      [
        { baseUrl: 'https://{tool}.tools.example.com' },
        /every workspace tool a host of its own/,
      ],
      [
        { baseUrl: 'https://tools.example.com/{tool}/{workspace}' },
        /without a path/,
      ],
      [
        { baseUrl: 'https://{tool}--{workspce}.example.com' },
        /unknown placeholder \{workspce\}/,
      ],
      [{ baseUrl: 'ftp://{tool}--{workspace}.example.com' }, /http\(s\)/],
    ];
    for (const [tools, message] of bad) {
      expect(() =>
        readToolsConfig(config(tools), 'http://localhost:7007'),
      ).toThrow(message);
    }
  });
});

describe('toolOrigin', () => {
  const template = 'https://{tool}--{workspace}--{project}.tools.example.com';

  it('fills the template into DNS labels: lowercase, other characters as -', () => {
    expect(toolOrigin(template, 7008, workspace, { id: 'jupyterlab' })).toBe(
      'https://jupyterlab--churn-model--fraud-detection.tools.example.com',
    );
    expect(
      toolOrigin(
        'http://{tool}--{workspace}--{project}.tools.localhost:{listenPort}',
        41234,
        workspace,
        { id: 'lab' },
      ),
    ).toBe('http://lab--churn-model--fraud-detection.tools.localhost:41234');
  });

  it('gives each workspace tool its own origin', () => {
    const origins = new Set([
      toolOrigin(template, 0, workspace, { id: 'a' }),
      toolOrigin(template, 0, workspace, { id: 'b' }),
      toolOrigin(template, 0, { ...workspace, name: 'other' }, { id: 'a' }),
    ]);
    expect(origins.size).toBe(3);
  });

  it('falls back to the tool and the workspace id when a label would pass 63 characters', () => {
    const long = {
      ...workspace,
      name: 'a-really-long-workspace-name-of-forty-chars',
    };
    const origin = toolOrigin(template, 0, long, { id: 'jupyterlab' });
    expect(origin).toBe(
      `https://jupyterlab--${workspace.id}.tools.example.com`,
    );
    expect(new URL(origin).hostname.split('.')[0].length).toBeLessThanOrEqual(
      63,
    );
  });
});
