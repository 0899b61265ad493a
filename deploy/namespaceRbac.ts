/*
 * Prints the Role and RoleBinding of the Workspaces plugin for each project
 * namespace, to pipe into `kubectl apply -f -` (see deploy/README.md):
 *
 *   yarn tsx deploy/namespaceRbac.ts --namespace vision
 *   yarn tsx deploy/namespaceRbac.ts --catalog-file examples/projects.yaml
 *   BACKSTAGE_TOKEN=... yarn tsx deploy/namespaceRbac.ts \
 *     --catalog-url https://backstage.example.com/api/catalog
 *
 * A project is a catalog entity with the `backstage.io/kubernetes-namespace`
 * annotation. Options repeat and add up; `--service-account namespace/name`
 * binds another identity than deploy/rbac.yaml's.
 */
import {
  CatalogClient,
  CATALOG_FILTER_EXISTS,
} from '@backstage/catalog-client';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '../plugins/workspaces-common/src/constants';
import {
  DEFAULT_SERVICE_ACCOUNT,
  renderNamespaceRbac,
} from '../plugins/workspaces-backend/src/kubernetes/renderNamespaceRbac';
import { projectNamespaces } from '../plugins/workspaces-backend/src/projects/projectNamespaces';

async function catalogNamespaces(url: string): Promise<string[]> {
  const catalog = new CatalogClient({
    discoveryApi: { getBaseUrl: async () => url.replace(/\/+$/, '') },
  });
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['metadata.annotations'],
    },
    { token: process.env.BACKSTAGE_TOKEN },
  );
  return projectNamespaces(items);
}

async function main() {
  const { values } = parseArgs({
    options: {
      namespace: { type: 'string', multiple: true, default: [] },
      'catalog-file': { type: 'string', multiple: true, default: [] },
      'catalog-url': { type: 'string' },
      'service-account': { type: 'string', default: DEFAULT_SERVICE_ACCOUNT },
    },
  });
  const namespaces = [...values.namespace!];
  for (const file of values['catalog-file']!) {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    namespaces.push(...projectNamespaces(documents.map(d => d.toJSON())));
  }
  if (values['catalog-url']) {
    namespaces.push(...(await catalogNamespaces(values['catalog-url'])));
  }
  if (namespaces.length === 0) {
    throw new Error(
      'no project namespace: give --namespace, or --catalog-file / --catalog-url with entities annotated backstage.io/kubernetes-namespace',
    );
  }
  const objects = renderNamespaceRbac(namespaces, values['service-account']);
  process.stdout.write(
    objects
      .map(
        object => `---\n${stringify(object, { aliasDuplicateObjects: false })}`,
      )
      .join(''),
  );
}

main().catch(error => {
  process.stderr.write(`namespaceRbac: ${error.message}\n`);
  process.exit(1);
});
