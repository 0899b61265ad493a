#!/usr/bin/env node
/*
 * Exits 0 when the Backstage config file given as argument configures
 * Kubernetes clusters (kubernetes.clusterLocatorMethods), 1 otherwise.
 * scripts/start uses it to decide whether to start the local demo cluster.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { hasKubernetesClusters } = require('../src/hasKubernetesClusters');

if (process.argv.length !== 3) {
  console.error(`usage: ${process.argv[1]} CONFIG_FILE`);
  process.exit(2);
}
hasKubernetesClusters(process.argv[2]).then(
  found => process.exit(found ? 0 : 1),
  error => {
    console.error(String(error?.stack ?? error));
    process.exit(2);
  },
);
