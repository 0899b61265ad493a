#!/usr/bin/env node
/*
 * Starts the demo's local Kubernetes control plane in the background (or
 * reuses the running one) and writes .demo/app-config.kubernetes.yaml for it.
 *
 *   node packages/kube-local/bin/demo-cluster.js          start or reuse
 *   node packages/kube-local/bin/demo-cluster.js --stop   stop it
 *   node packages/kube-local/bin/demo-cluster.js --status exit 0 if it runs, 3 if not
 *   node packages/kube-local/bin/demo-cluster.js --pid    print its pid if it runs
 *
 * The logic is TypeScript in ../src; Backstage's Node transform (the one
 * `backstage-cli package start` uses) lets plain `node` load it.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { join, relative, resolve } = require('node:path');
const { connectKubeLocal } = require('../src/connectKubeLocal');
const { isKubeLocalRunning } = require('../src/isKubeLocalRunning');
const { startDemoCluster } = require('../src/startDemoCluster');

const repoRoot = resolve(__dirname, '../../..');
const dataDir = join(repoRoot, '.demo', 'kube-local');

async function stop() {
  if (!(await isKubeLocalRunning(dataDir))) {
    console.log('kube-local: the demo cluster is not running');
    return;
  }
  const kubeLocal = await connectKubeLocal(dataDir);
  await kubeLocal.stop();
  console.log(`kube-local: stopped the demo cluster (pid ${kubeLocal.pid})`);
}

async function start() {
  const { kubeLocal, reused, appConfigPath } = await startDemoCluster(repoRoot);
  const rel = p => relative(process.cwd(), p) || '.';
  console.log(
    [
      `kube-local: ${
        reused ? 'reusing the running' : 'started the'
      } demo cluster at ${kubeLocal.server} (pid ${kubeLocal.pid})`,
      `  data and logs: ${rel(kubeLocal.dataDir)}`,
      `  kubectl:       KUBECONFIG=${kubeLocal.kubeconfigPath} tools/kube-local/bin/kube-local kubectl get nodes`,
      `  app config:    ${rel(appConfigPath)}`,
      `  stop it:       node ${rel(__filename)} --stop`,
    ].join('\n'),
  );
}

async function status() {
  const running = await isKubeLocalRunning(dataDir);
  console.log(
    `kube-local: the demo cluster is ${running ? '' : 'not '}running`,
  );
  process.exitCode = running ? 0 : 3;
}

async function pid() {
  if (await isKubeLocalRunning(dataDir)) {
    console.log((await connectKubeLocal(dataDir)).pid);
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands = {
  undefined: start,
  '--stop': stop,
  '--status': status,
  '--pid': pid,
};
if (rest.length > 0 || !(String(command) in commands)) {
  console.error(`usage: ${process.argv[1]} [--stop | --status | --pid]`);
  process.exit(2);
}
commands[String(command)]().catch(error => {
  console.error(String(error?.stack ?? error));
  process.exit(1);
});
