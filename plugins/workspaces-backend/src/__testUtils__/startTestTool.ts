import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';
import { WebSocketServer } from 'ws';
import { buildingBlocksConfig } from './buildingBlocksConfig';

/** What a test tool saw of one request or WebSocket upgrade. */
export interface ToolRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP and WebSocket server standing in for a workspace tool: it
 * answers every request with what it received, and echoes WebSocket
 * messages. It listens on 127.0.0.1, where the proxy reaches it as a pod
 * of the local control plane that reports 127.0.0.1 as its IP.
 */
export async function startTestTool(): Promise<{
  port: number;
  requests: ToolRequest[];
  upgrades: ToolRequest[];
  close(): Promise<void>;
}> {
  const requests: ToolRequest[] = [];
  const upgrades: ToolRequest[] = [];
  const sockets = new WebSocketServer({ noServer: true });
  sockets.on('connection', socket => {
    socket.on('message', data => socket.send(`echo: ${data}`));
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(seen);
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', 'tool-session=abc; Path=/; HttpOnly');
      res.end(JSON.stringify(seen));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    upgrades.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: '',
    });
    sockets.handleUpgrade(req, socket, head, ws =>
      sockets.emit('connection', ws, req),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    upgrades,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/**
 * The workspaces config of a test whose workspaces serve test tools: the
 * simulated pods report 127.0.0.1 (where test tools listen), and the
 * environment `tools` has `tools`; `otherEnvironments` come after it.
 */
export function testToolsConfig(
  tools: Array<{ id: string; type: string; title: string; port: number }>,
  otherEnvironments: object[] = [],
) {
  return {
    kubernetes: {
      sweepIntervalSeconds: 1,
      podAnnotations: { 'kube-local.sim/pod-ip': '127.0.0.1' },
    },
    environments: [
      ...buildingBlocksConfig.environments,
      {
        id: 'tools',
        title: 'Test tools',
        image: 'registry.example.com/test/tools:1.0',
        runAsUser: 1000,
        tools,
      },
      ...otherEnvironments,
    ],
  };
}
