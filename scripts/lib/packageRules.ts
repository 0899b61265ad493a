/**
 * What a publishable package of the family must declare and may ship: the
 * rules `scripts/check-packages` applies to each package's package.json and
 * to the file list `npm pack --dry-run --json` prints for it.
 */

/** The package.json fields the rules read. */
export type PackageJson = {
  name?: string;
  version?: string;
  description?: string;
  license?: string;
  private?: boolean;
  main?: string;
  types?: string;
  module?: string;
  exports?: unknown;
  homepage?: string;
  keywords?: string[];
  repository?: { type?: string; url?: string; directory?: string } | string;
  configSchema?: string;
  files?: string[];
  publishConfig?: Record<string, string>;
  backstage?: {
    role?: string;
    pluginId?: string;
    pluginPackage?: string;
    pluginPackages?: string[];
  };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Paths inside a tarball that never ship: sources, tests and their helpers. */
const forbiddenPaths: Array<[RegExp, string]> = [
  [/^src\//, 'sources (src/)'],
  [/^dist-types\//, 'declaration build output (dist-types/)'],
  [/(^|\/)__(testUtils|tests|mocks|fixtures)__\//, 'test helpers'],
  [/\.(test|spec)\.[cm]?[jt]sx?(\.map)?$/, 'tests'],
  [/(^|\/)setupTests\.[jt]s/, 'test setup'],
  [/\.tsbuildinfo$/, 'TypeScript build info'],
  [/(^|\/)(\.env|\.npmrc|app-config\.local\.yaml)$/, 'local settings'],
];

/** Whether a shipped path is one of the kinds a package may ship. */
function allowedPath(path: string): boolean {
  return (
    /^dist\//.test(path) ||
    /^migrations\/[^/]+\.(js|d\.ts)$/.test(path) ||
    [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'config.d.ts',
      'config.schema.json',
    ].includes(path)
  );
}

/** Problems with the files a package would ship (paths relative to the package). */
export function checkShippedFiles(
  pkg: PackageJson,
  shipped: string[],
): string[] {
  const problems: string[] = [];
  for (const path of shipped) {
    const forbidden = forbiddenPaths.find(([pattern]) => pattern.test(path));
    if (forbidden) {
      problems.push(`ships ${path}: ${forbidden[1]} must not be published`);
    } else if (!allowedPath(path)) {
      problems.push(
        `ships ${path}: only dist/, migrations/*.js, config.d.ts, README.md, CHANGELOG.md and LICENSE may be published`,
      );
    }
  }
  for (const path of ['package.json', 'README.md', 'dist/index.d.ts']) {
    if (!shipped.includes(path)) problems.push(`does not ship ${path}`);
  }
  // prepack turns a config.d.ts into the config.schema.json that ships
  const schemas = ['config.schema.json', pkg.configSchema];
  if (pkg.configSchema && !shipped.some(path => schemas.includes(path))) {
    problems.push(`does not ship its config schema (${pkg.configSchema})`);
  }
  if (!shipped.some(path => /^dist\/index\.(cjs|esm)\.js$/.test(path))) {
    problems.push('does not ship dist/index.cjs.js or dist/index.esm.js');
  }
  return problems;
}

/**
 * Problems with a package's own package.json (as in the repository): `dir`
 * is its folder relative to the repository root, `rootRepositoryUrl` the
 * root package.json's repository.url, which every package must name.
 */
export function checkPackageJson(
  pkg: PackageJson,
  dir: string,
  rootRepositoryUrl: string | undefined,
): string[] {
  const problems: string[] = [];
  const missing = (field: string) => problems.push(`has no "${field}"`);
  for (const field of ['name', 'version', 'description', 'license'] as const) {
    if (!pkg[field]) missing(field);
  }
  const repo = pkg.repository;
  if (!repo || typeof repo === 'string') {
    missing('repository: { type, url, directory }');
  } else {
    if (repo.type !== 'git') problems.push('repository.type is not "git"');
    if (!repo.url || repo.url !== rootRepositoryUrl) {
      problems.push(
        `repository.url is ${
          repo.url ?? 'missing'
        }, not the root package.json's ${rootRepositoryUrl}`,
      );
    }
    if (repo.directory !== dir) {
      problems.push(`repository.directory is ${repo.directory}, not ${dir}`);
    }
  }
  if (!pkg.homepage) missing('homepage');
  if (!pkg.keywords?.length) missing('keywords');
  const backstage = pkg.backstage;
  if (!backstage?.role) missing('backstage.role');
  if (!backstage?.pluginId) missing('backstage.pluginId');
  if (backstage?.role?.endsWith('-module')) {
    if (!backstage.pluginPackage) missing('backstage.pluginPackage');
  } else if (!backstage?.pluginPackages?.includes(pkg.name ?? '')) {
    problems.push('backstage.pluginPackages does not list the package itself');
  }
  if (!Array.isArray(pkg.files) || pkg.files.length === 0) {
    missing('files');
  } else {
    if (!pkg.files.includes('dist')) problems.push('files does not list dist');
    if (pkg.configSchema && !pkg.files.includes(pkg.configSchema)) {
      problems.push(`files does not list its configSchema ${pkg.configSchema}`);
    }
  }
  const publishConfig = pkg.publishConfig;
  if (publishConfig?.access !== 'public') {
    problems.push('publishConfig.access is not "public"');
  }
  // With "exports", prepack points main, types and exports at dist/ itself
  // (and `backstage-cli repo fix` removes publishConfig.main/types).
  if (!pkg.exports) {
    for (const field of ['main', 'types']) {
      if (!publishConfig?.[field]?.startsWith('dist/')) {
        problems.push(`publishConfig.${field} does not point into dist/`);
      }
    }
  }
  return problems;
}

/** The entry points a packed package.json names, to be found in the tarball. */
function entryPoints(pkg: PackageJson): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') found.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // the "backstage" condition names the feature's kind, not a file
        if (key !== 'backstage') visit(inner);
      }
    }
  };
  visit([pkg.main, pkg.types, pkg.module, pkg.exports]);
  return [...found].filter(path => path !== 'package.json');
}

/** The package a bare import specifier names: `@scope/name/sub` -> `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Problems with what the built code imports (`sources`: the text of each
 * shipped .js file): every package it imports at run time must be a
 * dependency or peer dependency, or an installed app would miss it.
 */
export function checkDeclaredImports(
  pkg: PackageJson,
  sources: string[],
  builtins: readonly string[],
): string[] {
  const declared = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  const imported = new Set<string>();
  const pattern =
    /(?:require\(|import\(|\bfrom\s+|^import\s+)['"]([^'"./][^'"]*)['"]/gm;
  for (const source of sources) {
    for (const match of source.matchAll(pattern)) {
      const name = packageOf(match[1]);
      if (!builtins.includes(name) && !name.startsWith('node:')) {
        imported.add(name);
      }
    }
  }
  return [...imported]
    .filter(name => !declared.has(name))
    .sort()
    .map(
      name =>
        `dist/ imports ${name}, which is not in dependencies or peerDependencies`,
    );
}

/**
 * Problems with the package.json inside a packed tarball (after prepack), given
 * the files the tarball holds.
 */
export function checkPackedPackageJson(
  pkg: PackageJson,
  shipped: string[],
): string[] {
  const problems: string[] = [];
  for (const [field, deps] of [
    ['dependencies', pkg.dependencies],
    ['peerDependencies', pkg.peerDependencies],
  ] as const) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      if (/^(workspace|link|file|portal):/.test(range)) {
        problems.push(
          `${field}.${name} is ${range}, unusable outside the repository`,
        );
      }
    }
  }
  for (const path of entryPoints(pkg)) {
    if (!path.startsWith('dist/')) {
      problems.push(`names ${path} as an entry point, outside dist/`);
    } else if (!shipped.includes(path)) {
      problems.push(`names ${path} as an entry point, but does not ship it`);
    }
  }
  return problems;
}
