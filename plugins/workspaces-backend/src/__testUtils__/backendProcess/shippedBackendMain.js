// Entry of the shipped backend (packages/backend/src/index.ts, what the demo
// and an adopter's app run) as a child process of the tests, through
// Backstage's Node transform as in backendMain.js.
require('@backstage/cli/config/nodeTransform.cjs');
const { dirname, join } = require('path');

require(join(dirname(require.resolve('backend/package.json')), 'src/index.ts'));
