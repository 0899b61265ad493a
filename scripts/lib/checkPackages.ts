/**
 * The steps of scripts/check-packages that read and write package.json files:
 *
 *   contents              fields of each publishable package and what
 *                         `npm pack --dry-run --json` says it would ship
 *   self-test             negative controls: the same rules on broken copies
 *   pack OUT_DIR          `yarn pack` of each package into OUT_DIR, checking the
 *                         packed package.json; writes OUT_DIR/tarballs.json
 *   add-to-app APP OUT_DIR  installs the tarballs into a create-app app as the
 *                         root README's install guide says
 *
 * A publishable package is a folder of plugins/ whose package.json is not
 * private, so a new plugin is checked without being listed here.
 */
import { execFileSync } from 'child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { builtinModules } from 'module';
import {
  PackageJson,
  checkDeclaredImports,
  checkPackageJson,
  checkPackedPackageJson,
  checkShippedFiles,
} from './packageRules';

const repoRoot = resolve(__dirname, '../..');

type Publishable = { dir: string; pkg: PackageJson };

function readJson<T = PackageJson>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path: string, value: unknown) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function publishablePackages(): Publishable[] {
  return readdirSync(join(repoRoot, 'plugins'), { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => `plugins/${entry.name}`)
    .filter(dir => existsSync(join(repoRoot, dir, 'package.json')))
    .map(dir => ({ dir, pkg: readJson(join(repoRoot, dir, 'package.json')) }))
    .filter(({ pkg }) => !pkg.private);
}

/** What `npm pack --dry-run` would put into the tarball (runs prepack/postpack). */
function npmPackFiles(cwd: string, extraArgs: string[] = []): string[] {
  const out = execFileSync(
    'npm',
    ['pack', '--dry-run', '--json', '--loglevel=error', ...extraArgs],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // lifecycle scripts may print before the JSON
  const json = JSON.parse(out.slice(out.indexOf('[')));
  return json[0].files.map((file: { path: string }) => file.path).sort();
}

/** The text of the .js files a package ships. */
function shippedSources(packageDir: string, files: string[]): string[] {
  return files
    .filter(path => /\.[cm]?js$/.test(path))
    .map(path => readFileSync(join(packageDir, path), 'utf8'));
}

function report(name: string, problems: string[]): boolean {
  if (problems.length === 0) {
    console.log(`  ok  ${name}`);
    return true;
  }
  console.log(`  FAIL ${name}`);
  for (const problem of problems) console.log(`       - ${problem}`);
  return false;
}

function rootRepositoryUrl(): string | undefined {
  const repo = readJson(join(repoRoot, 'package.json')).repository;
  return typeof repo === 'object' ? repo.url : undefined;
}

function contents(): boolean {
  const packages = publishablePackages();
  if (packages.length === 0) throw new Error('no publishable package found');
  let ok = true;
  for (const { dir, pkg } of packages) {
    const files = npmPackFiles(join(repoRoot, dir));
    const problems = [
      ...checkPackageJson(pkg, dir, rootRepositoryUrl()),
      ...checkShippedFiles(pkg, files),
      ...checkDeclaredImports(
        pkg,
        shippedSources(join(repoRoot, dir), files),
        builtinModules,
      ),
    ];
    ok = report(`${pkg.name} (${files.length} files)`, problems) && ok;
  }
  return ok;
}

/**
 * Each control breaks a copy of a real package in one way; the rules must
 * refuse it, or they could not catch that mistake either.
 */
function selfTest(): boolean {
  const { dir, pkg } =
    publishablePackages().find(p => p.pkg.configSchema) ??
    publishablePackages()[0];
  const controls: Array<{
    what: string;
    edit: (copy: PackageJson) => void;
    expect: RegExp;
  }> = [
    {
      what: 'package.json without "files" (npm would ship src/)',
      edit: copy => delete copy.files,
      expect: /has no "files"[\s\S]*ships src\//,
    },
    {
      what: '"files" listing src',
      edit: copy => copy.files!.push('src'),
      expect: /ships src\/.*sources/,
    },
    {
      what: 'package.json without "repository"',
      edit: copy => delete copy.repository,
      expect: /has no "repository/,
    },
    {
      what: 'publishConfig without access public',
      edit: copy => delete copy.publishConfig!.access,
      expect: /publishConfig\.access/,
    },
    {
      what: 'a package the built code imports missing from dependencies',
      edit: copy => delete copy.dependencies!['@backstage/errors'],
      expect: /dist\/ imports @backstage\/errors, which is not in dependencies/,
    },
  ];
  let ok = true;
  for (const control of controls) {
    const copyDir = mkdtempSync(join(tmpdir(), 'check-packages-'));
    try {
      for (const part of ['src', 'dist', 'README.md', 'migrations']) {
        const from = join(repoRoot, dir, part);
        if (existsSync(from))
          cpSync(from, join(copyDir, part), { recursive: true });
      }
      if (pkg.configSchema) {
        cpSync(
          join(repoRoot, dir, pkg.configSchema),
          join(copyDir, pkg.configSchema),
        );
      }
      const copy: PackageJson = JSON.parse(JSON.stringify(pkg));
      control.edit(copy);
      writeJson(join(copyDir, 'package.json'), copy);
      // the copy is outside the repository, where prepack cannot run
      const files = npmPackFiles(copyDir, ['--ignore-scripts']);
      const problems = [
        ...checkPackageJson(copy, dir, rootRepositoryUrl()),
        ...checkShippedFiles(copy, files),
        ...checkDeclaredImports(
          copy,
          shippedSources(copyDir, files),
          builtinModules,
        ),
      ].join('\n');
      if (control.expect.test(problems)) {
        console.log(`  ok  refused: ${control.what}`);
      } else {
        ok = false;
        console.log(`  FAIL not refused: ${control.what}\n${problems}`);
      }
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  }
  return ok;
}

function tarballName(name: string) {
  return `${name.replace(/^@/, '').replace('/', '-')}.tgz`;
}

function pack(outDir: string): boolean {
  let ok = true;
  const tarballs: Record<string, string> = {};
  for (const { dir, pkg } of publishablePackages()) {
    const tarball = join(outDir, tarballName(pkg.name!));
    // yarn (not npm) pack: it replaces workspace: ranges with the versions
    execFileSync('yarn', ['pack', '--out', tarball], {
      cwd: join(repoRoot, dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const shipped = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(path => path.replace(/^package\//, ''));
    const packed: PackageJson = JSON.parse(
      execFileSync('tar', ['xzOf', tarball, 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    const problems = [
      ...checkShippedFiles(packed, shipped),
      ...checkPackedPackageJson(packed, shipped),
    ];
    ok = report(`${pkg.name} -> ${tarball}`, problems) && ok;
    tarballs[pkg.name!] = tarball;
  }
  writeJson(join(outDir, 'tarballs.json'), tarballs);
  return ok;
}

/**
 * Adds the packages to a fresh create-app app as a user would once they are
 * published: dependencies `^<version>` in packages/backend and packages/app,
 * the backend.add lines of the root README; the app root's `resolutions`
 * points each name at its tarball, as the registry would serve it.
 */
function addToApp(appDir: string, outDir: string): boolean {
  const tarballs: Record<string, string> = readJson(
    join(outDir, 'tarballs.json'),
  );
  const byRole = (roles: string[]) =>
    publishablePackages().filter(({ pkg }) =>
      roles.includes(pkg.backstage?.role ?? ''),
    );
  const root = readJson<Record<string, any>>(join(appDir, 'package.json'));
  root.resolutions = { ...root.resolutions };
  for (const [name, tarball] of Object.entries(tarballs)) {
    root.resolutions[name] = `file:${tarball}`;
  }
  // create-app's yarn.lock seed (not fetched: see loopback-only-fetch.cjs)
  // pins versions that fit together; without it the template's ranges take
  // a @backstage/plugin-signals-backend that needs our release's
  // backend-defaults, so the new app's backend would not start.
  const ours = readJson(join(repoRoot, 'packages/backend/package.json'));
  root.resolutions['@backstage/backend-defaults'] =
    ours.dependencies!['@backstage/backend-defaults'];
  writeJson(join(appDir, 'package.json'), root);

  const addDependencies = (workspace: string, packages: Publishable[]) => {
    const path = join(appDir, workspace, 'package.json');
    const manifest = readJson<Record<string, any>>(path);
    for (const { pkg } of packages) {
      manifest.dependencies[pkg.name!] = `^${pkg.version}`;
    }
    writeJson(path, manifest);
  };
  const backendFeatures = byRole(['backend-plugin', 'backend-plugin-module']);
  addDependencies('packages/backend', backendFeatures);
  addDependencies('packages/app', byRole(['frontend-plugin']));

  const indexPath = join(appDir, 'packages/backend/src/index.ts');
  const index = readFileSync(indexPath, 'utf8');
  const lines = backendFeatures
    .map(({ pkg }) => `backend.add(import('${pkg.name}'));`)
    .join('\n');
  if (!index.includes('backend.start();')) {
    throw new Error(`${indexPath} has no backend.start(); to add before`);
  }
  writeFileSync(
    indexPath,
    index.replace(
      'backend.start();',
      `// workspaces\n${lines}\n\nbackend.start();`,
    ),
  );
  console.log(
    `  packages/backend: ${backendFeatures.map(p => p.pkg.name).join(', ')}; ` +
      `packages/app: the frontend plugin; resolutions: the ${
        Object.keys(tarballs).length
      } tarballs`,
  );
  return true;
}

/**
 * Against the new app's backend (started from the tarballs): the plugin is
 * mounted, refuses a caller without credentials, and answers the guest from
 * its database (so its migrations shipped and ran) and its config.
 */
async function backendAnswers(baseUrl: string): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(res => res.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      console.log(
        `  FAIL the backend at ${baseUrl} was not ready within 3 min`,
      );
      return false;
    }
    await new Promise(resolveTimer => setTimeout(resolveTimer, 2000));
  }
  const { backstageIdentity } = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  ).then(res => res.json());
  const asGuest = { Authorization: `Bearer ${backstageIdentity.token}` };
  const expectations: Array<[string, Record<string, string>, number, RegExp]> =
    [
      ['/api/workspaces/health', {}, 200, /"status":\s*"ok"/],
      ['/api/workspaces/workspaces', {}, 401, /Missing credentials/],
      ['/api/workspaces/workspaces', asGuest, 200, /"items":\s*\[/],
      ['/api/workspaces/building-blocks', asGuest, 200, /"environments"/],
    ];
  let ok = true;
  for (const [path, headers, status, body] of expectations) {
    const res = await fetch(`${baseUrl}${path}`, { headers });
    const text = await res.text();
    const who = headers.Authorization ? 'as the guest' : 'without credentials';
    ok =
      report(
        `GET ${path} ${who}: ${res.status}`,
        res.status === status && body.test(text)
          ? []
          : [`expected ${status} and a body matching ${body}, got ${text}`],
      ) && ok;
  }
  return ok;
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, () => boolean | Promise<boolean>> = {
  contents,
  'self-test': selfTest,
  pack: () => pack(resolve(args[0])),
  'add-to-app': () => addToApp(resolve(args[0]), resolve(args[1])),
  'backend-answers': () => backendAnswers(args[0]),
};
if (!commands[command]) {
  console.error(
    `usage: checkPackages.ts ${Object.keys(commands).join('|')} ...`,
  );
  process.exit(2);
}
Promise.resolve(commands[command]()).then(
  ok => process.exit(ok ? 0 : 1),
  error => {
    console.error(error);
    process.exit(1);
  },
);
