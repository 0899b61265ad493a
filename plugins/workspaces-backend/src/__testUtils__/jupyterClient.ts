import { randomUUID } from 'crypto';
import { ToolSession } from './toolSession';

/**
 * What JupyterLab's own front end does, over a tool session: its REST API
 * with the XSRF token it asks for, cells run over a kernel's WebSocket, files
 * written and read through the contents API (large ones in chunks, as its
 * upload does).
 */
export function jupyterClient(session: ToolSession) {
  async function xsrf(): Promise<string> {
    if (!session.cookies.has('_xsrf')) {
      const page = await session.fetch('lab');
      if (page.status !== 200) {
        throw new Error(`JupyterLab's page answered ${page.status}`);
      }
      await page.text();
    }
    const token = session.cookies.get('_xsrf');
    if (!token) throw new Error('JupyterLab set no _xsrf cookie');
    return token;
  }

  async function api(method: string, path: string, body?: unknown) {
    const response = await session.fetch(path, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-xsrftoken': await xsrf(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  return {
    api,

    /**
     * Runs code in a new kernel and returns what it printed. The kernel is
     * shut down after, unless keepKernel (a request through the proxy is use
     * of the workspace, which a test of idleness may not want).
     */
    async runCell(
      code: string,
      { timeoutMs = 60_000, keepKernel = false } = {},
    ): Promise<string> {
      const kernel = await api('POST', 'api/kernels', { name: 'python3' });
      const socket = await session.socket(
        `api/kernels/${kernel.id}/channels?session_id=${randomUUID()}`,
      );
      try {
        const msgId = randomUUID();
        const output = new Promise<string>((resolve, reject) => {
          let text = '';
          const timer = setTimeout(
            () => reject(new Error(`the cell did not finish: ${text}`)),
            timeoutMs,
          );
          socket.on('message', data => {
            const message = JSON.parse(String(data));
            if (message.parent_header?.msg_id !== msgId) return;
            if (message.msg_type === 'stream') text += message.content.text;
            if (message.msg_type === 'error') {
              text += `${message.content.ename}: ${message.content.evalue}`;
            }
            if (
              message.msg_type === 'status' &&
              message.content.execution_state === 'idle'
            ) {
              clearTimeout(timer);
              resolve(text);
            }
          });
        });
        socket.send(JSON.stringify(executeRequest(msgId, code)));
        return await output;
      } finally {
        socket.close();
        if (!keepKernel) {
          await api('DELETE', `api/kernels/${kernel.id}`).catch(() => {});
        }
      }
    },

    /** Starts code in a new kernel and leaves at once (the kernel runs on). */
    async startCell(code: string): Promise<void> {
      const kernel = await api('POST', 'api/kernels', { name: 'python3' });
      const socket = await session.socket(
        `api/kernels/${kernel.id}/channels?session_id=${randomUUID()}`,
      );
      socket.send(JSON.stringify(executeRequest(randomUUID(), code)));
      await new Promise(resolve => setTimeout(resolve, 200));
      socket.close();
    },

    /** Writes a text file through the contents API. */
    async writeFile(path: string, content: string) {
      await api('PUT', `api/contents/${path}`, {
        type: 'file',
        format: 'text',
        content,
      });
    },

    /** Reads a file as the browser downloads it (`/files/...`). */
    async readFile(path: string): Promise<Response> {
      const response = await session.fetch(`files/${path}`);
      if (!response.ok) {
        throw new Error(`GET files/${path}: ${response.status}`);
      }
      return response;
    },

    /** Lists a directory. */
    async list(path: string): Promise<string[]> {
      const dir = await api('GET', `api/contents/${path}?content=1`);
      return dir.content.map((entry: { name: string }) => entry.name).sort();
    },

    /**
     * Uploads a file in chunks, as JupyterLab's upload does for large files
     * (base64, chunk 1, 2, ... and -1 for the last).
     */
    async upload(path: string, chunks: Iterable<Buffer>) {
      const put = (chunk: number, content: Buffer) =>
        api('PUT', `api/contents/${path}`, {
          type: 'file',
          format: 'base64',
          chunk,
          content: content.toString('base64'),
        });
      // one chunk held back, to mark the last one -1
      let held: Buffer | undefined;
      let index = 0;
      for (const chunk of chunks) {
        if (held) await put(++index, held);
        held = chunk;
      }
      if (held) await put(-1, held);
    },
  };
}

/** A kernel message asking to run code (Jupyter messaging protocol 5.3). */
function executeRequest(msgId: string, code: string) {
  return {
    header: {
      msg_id: msgId,
      msg_type: 'execute_request',
      username: 'test',
      session: randomUUID(),
      version: '5.3',
      date: new Date().toISOString(),
    },
    parent_header: {},
    metadata: {},
    channel: 'shell',
    content: {
      code,
      silent: false,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    buffers: [],
  };
}
