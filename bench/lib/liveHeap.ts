import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
} from 'fs';
import { join } from 'path';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function readTail(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const tail = Buffer.alloc(Math.min(size, 16));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString('utf8').trimEnd();
  } finally {
    closeSync(fd);
  }
}

/**
 * The backend's live heap in MB: what is left after a full garbage
 * collection. The backend runs with `--heapsnapshot-signal=SIGUSR2`; the
 * snapshot (written to its working directory, collected first) is summed
 * and removed.
 */
export async function measureLiveHeapMb(pid: number, dir: string) {
  const snapshots = () =>
    readdirSync(dir).filter(name => name.endsWith('.heapsnapshot'));
  const before = new Set(snapshots());
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  let snapshot: any;
  for (const deadline = Date.now() + 180_000; !snapshot; ) {
    if (Date.now() > deadline) {
      throw new Error('The backend wrote no heap snapshot');
    }
    await sleep(1000);
    file ??= snapshots().find(name => !before.has(name));
    // written in chunks: complete once it parses
    if (file && readTail(join(dir, file)).endsWith(']}')) {
      try {
        snapshot = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch {
        // a chunk ended in ]} by chance
      }
    }
  }
  rmSync(join(dir, file!));
  const fields: string[] = snapshot.snapshot.meta.node_fields;
  const selfSize = fields.indexOf('self_size');
  const nodes: number[] = snapshot.nodes;
  let bytes = 0;
  for (let i = selfSize; i < nodes.length; i += fields.length) {
    bytes += nodes[i];
  }
  return bytes / 2 ** 20;
}
