/*
 * The floor of the logs-follow figure, in a process of its own (forked by
 * logs-follow.ts with the event-loop probe preloaded): the same container
 * logs followed directly with client-node's Log class, with the options of
 * the backend's requests, the bytes counted and dropped.
 */
import { KubeConfig, Log } from '@kubernetes/client-node';
import { Writable } from 'stream';

/** What the bench sends this process. */
export type FloorCommand =
  | {
      type: 'follow';
      kubeConfig: string;
      pods: Array<{ namespace: string; name: string; container: string }>;
      tailLines: number;
      limitBytes: number;
    }
  | { type: 'bytes' }
  | { type: 'stop' };

/** What this process answers. */
export type FloorAnswer =
  | { type: 'ready' }
  | { type: 'following' }
  | { type: 'bytes'; bytes: number[] };

const send = (answer: FloorAnswer) => process.send!(answer);
let bytes: number[] = [];
const streams: AbortController[] = [];

process.on('message', async (command: FloorCommand) => {
  if (command.type === 'follow') {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(command.kubeConfig);
    const log = new Log(kubeConfig);
    bytes = command.pods.map(() => 0);
    await Promise.all(
      command.pods.map(async (pod, i) => {
        const counter = new Writable({
          write(chunk, _encoding, done) {
            bytes[i] += chunk.length;
            done();
          },
        });
        streams.push(
          await log.log(pod.namespace, pod.name, pod.container, counter, {
            follow: true,
            tailLines: command.tailLines,
            limitBytes: command.limitBytes,
          }),
        );
      }),
    );
    send({ type: 'following' });
  } else if (command.type === 'bytes') {
    send({ type: 'bytes', bytes });
  } else {
    streams.forEach(stream => stream.abort());
    process.exit(0);
  }
});
send({ type: 'ready' });
