/*
 * The runtimes file of the bench's kube-local: the repository's (the
 * workspaces' JupyterLab, code-server, ...) and, when the JupyterHub peer is
 * installed, the hub's single-user image, so that the hub's first-answer
 * servers run for real as ours do (tools/kube-local/README.md, "Process
 * runtime").
 */
import { writeFileSync, readFileSync } from 'fs';
import { dirname, isAbsolute, join, resolve } from 'path';
import { parse, stringify } from 'yaml';
import { defaultRuntimesFile } from '@internal/kube-local';

/**
 * The image of zero-to-jupyterhub's default single-user server, as the hub's
 * first-answer servers name it: `tini -g --` then `jupyterhub-singleuser`,
 * emulated with the venv bench/jupyterhub/install.sh makes (JupyterHub's
 * single-user server with the workspaces' JupyterLab pins).
 */
export const HUB_SINGLEUSER_IMAGE =
  'quay.io/jupyterhub/k8s-singleuser-sample:4.3.2';

/** Writes the bench's runtimes file into `runDir` and returns its path. */
export function writeBenchRuntimes(runDir: string): string {
  const source = defaultRuntimesFile();
  const file = parse(readFileSync(source, 'utf8'));
  // the variables are relative to the repository's file: made absolute here
  for (const [name, value] of Object.entries<string>(file.variables ?? {})) {
    file.variables[name] = isAbsolute(value)
      ? value
      : resolve(dirname(source), value);
  }
  const venv = process.env.BENCH_SINGLEUSER_VENV;
  if (venv) {
    file.variables.singleuser = venv;
    file.runtimes.push({
      name: 'jupyterhub-singleuser',
      images: [HUB_SINGLEUSER_IMAGE],
      entrypoint: ['tini', '-g', '--'],
      cmd: ['jupyterhub-singleuser'],
      user: '1000:100',
      home: '/home/jovyan',
      workingDir: '/home/jovyan',
      env: {
        PATH: '{singleuser}/bin:/usr/local/bin:/usr/bin:/bin',
        SHELL: '/bin/bash',
        NB_USER: 'jovyan',
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
      },
      mounts: [
        { hostPath: '{singleuser}' },
        // tini: the stand-in the workspaces' runtime has too
        {
          hostPath: '{here}/jupyter-docker-stacks/usr-local-bin',
          containerPath: '/usr/local/bin',
        },
      ],
    });
  }
  const path = join(runDir, 'runtimes.yaml');
  writeFileSync(path, stringify(file));
  return path;
}
