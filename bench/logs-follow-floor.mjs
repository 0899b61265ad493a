/*
 * The floor of the logs-follow figure, in a process of its own (forked by
 * logs-follow.ts with the event-loop probe preloaded; plain JavaScript, so
 * that no TypeScript loader shares its memory): the same container logs
 * followed directly with client-node's Log class, with the options of the
 * backend's requests, the bytes counted and dropped. Commands and answers:
 * FloorCommand and FloorAnswer in logs-follow.ts.
 */
import { KubeConfig, Log } from '@kubernetes/client-node';
import { Writable } from 'stream';

const send = answer => process.send(answer);
let log;
let bytes = [];
const streams = [];

function counter(onChunk) {
  return new Writable({
    write(chunk, _encoding, done) {
      onChunk(chunk.length);
      done();
    },
  });
}

process.on('message', async command => {
  if (command.type === 'warm') {
    // one whole read first, so that client-node's code paths are loaded
    // before memory is measured, as they are in the backend
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(command.kubeConfig);
    log = new Log(kubeConfig);
    const [pod] = command.pods;
    const sink = counter(() => {});
    const finished = new Promise(resolve => sink.on('finish', resolve));
    await log.log(pod.namespace, pod.name, pod.container, sink, {
      tailLines: 1,
    });
    await finished;
    send({ type: 'warm' });
  } else if (command.type === 'follow') {
    bytes = command.pods.map(() => 0);
    await Promise.all(
      command.pods.map(async (pod, i) => {
        streams.push(
          await log.log(
            pod.namespace,
            pod.name,
            pod.container,
            counter(n => {
              bytes[i] += n;
            }),
            {
              follow: true,
              tailLines: command.tailLines,
              limitBytes: command.limitBytes,
            },
          ),
        );
      }),
    );
    send({ type: 'following' });
  } else if (command.type === 'bytes') {
    send({ type: 'bytes', bytes });
  } else if (command.type === 'unfollow') {
    streams.splice(0).forEach(stream => stream.abort());
    send({ type: 'unfollowed' });
  } else {
    streams.forEach(stream => stream.abort());
    process.exit(0);
  }
});
send({ type: 'ready' });
