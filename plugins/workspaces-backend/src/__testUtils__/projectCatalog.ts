import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A catalog file with one project (a System) of a test's own, in a namespace
 * of the same name, so that other test files' workspaces leave it alone.
 */
export function writeProjectCatalog(namespace: string, owner: string): string {
  const file = join(
    mkdtempSync(join(tmpdir(), `${namespace}-`)),
    'catalog.yaml',
  );
  writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: System',
      'metadata:',
      `  name: ${namespace}`,
      '  annotations:',
      `    backstage.io/kubernetes-namespace: ${namespace}`,
      'spec:',
      `  owner: ${owner}`,
      '',
    ].join('\n'),
  );
  return file;
}
