// Entry of the tests' production-shaped child backend: Backstage's Node transform (the
// one `backstage-cli package start` uses) lets plain node load TypeScript.
require('@backstage/cli/config/nodeTransform.cjs');
require('./backendMain.ts');
