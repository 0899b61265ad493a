#!/usr/bin/env node
/*
 * Starts the demo's local Kubernetes control plane in the background (or
 * reuses the running one) and writes .demo/app-config.kubernetes.yaml for it.
 *
 *   node packages/kube-local/bin/demo-cluster.js          start or reuse
 *   node packages/kube-local/bin/demo-cluster.js --stop   stop it
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

const args = process.argv.slice(2);
if (args.some(a => a !== '--stop')) {
  console.error(`usage: ${process.argv[1]} [--stop]`);
  process.exit(2);
}
(args.includes('--stop') ? stop() : start()).catch(error => {
  console.error(String(error?.stack ?? error));
  process.exit(1);
});
