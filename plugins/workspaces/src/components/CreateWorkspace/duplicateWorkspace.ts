import {
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceDataSource,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../../translation';
import { firstFreeName, fitName, nameQuery } from './suggestName';
import { formOf, WorkspaceForm } from './workspaceForm';

const copySuffix = (n: number) => (n === 1 ? '-copy' : `-copy-${n}`);
/** The name of the n-th copy (1: `-copy`, then `-copy-2`…), cut to fit the rule. */
const copyName = (name: string) => (n: number) => fitName(name, copySuffix(n));

/**
 * A free name for a copy of `name`: `<name>-copy`, else `<name>-copy-2`,
 * `-copy-3`… (the name cut short where the suffix would not fit), the first
 * not in `taken`.
 */
export function suggestCopyName(name: string, taken: Iterable<string>): string {
  return firstFreeName(copyName(name), taken);
}

/**
 * What every suggested copy name contains (the list query `q` matches names
 * containing it), so that one query finds the names a suggestion must avoid.
 */
export function copyNameQuery(name: string): string {
  return nameQuery(copyName(name), copySuffix);
}

/**
 * The form of a copy of `workspace`: its environment, image, preset and
 * overrides, data sources (sizes, credentials), variables and schedule,
 * without a name (the stepper suggests one). The API never returns secret
 * values, so secret variables come with an empty value for the user to
 * enter again: the form refuses them empty, and nothing stands in for them.
 */
export function duplicateFormOf(workspace: Workspace): WorkspaceForm {
  const form = formOf(workspace);
  return {
    ...form,
    name: '',
    env: form.env.map(variable =>
      variable.secret ? { ...variable, value: '' } : variable,
    ),
    ...(workspace.schedule && { schedule: workspace.schedule }),
    start: true,
  };
}

/** The names of the secret variables whose values a copy must be given again. */
export function secretsToReenter(form: WorkspaceForm): string[] {
  return form.env
    .filter(variable => variable.secret && variable.value === '')
    .map(variable => variable.name);
}

/** What of the original the project no longer offers, and where the stepper opens. */
export interface CopyFit {
  /** The form with what is no longer offered taken out. */
  form: WorkspaceForm;
  /** The first step that needs the user's choice, 0 if none does. */
  step: number;
  /** What was taken out and why, by step index. */
  notices: Map<number, string[]>;
}

/**
 * Fits the copy of `original` to the building blocks the project offers
 * now: an environment, preset, data source or credential no longer offered
 * is taken out (an empty environment or preset for the user to choose), with
 * a notice at its step, and the stepper opens at the first such step.
 */
export function fitCopyToBlocks(
  form: WorkspaceForm,
  blocks: WorkspaceBuildingBlocks,
  original: string,
  t: WorkspacesT,
): CopyFit {
  const notices = new Map<number, string[]>();
  const notice = (step: number, message: string) =>
    notices.set(step, [...(notices.get(step) ?? []), message]);
  let next = form;

  if (!blocks.environments.some(e => e.id === form.environment)) {
    notice(
      0,
      t('createWorkspace.duplicate.environmentGone', {
        environment: form.environment,
        original,
      }),
    );
    next = { ...next, environment: '', image: '' };
  }
  if (!blocks.computePresets.some(p => p.id === form.preset)) {
    notice(
      1,
      t('createWorkspace.duplicate.presetGone', {
        preset: form.preset,
        original,
      }),
    );
    next = { ...next, preset: '', overrides: { cpu: '', memory: '', gpu: '' } };
  }
  const dataSources: WorkspaceForm['dataSources'] = [];
  for (const choice of form.dataSources) {
    const source = blocks.dataSources.find(s => s.id === choice.id);
    if (!source) {
      notice(
        2,
        t('createWorkspace.duplicate.dataSourceGone', {
          dataSource: choice.id,
          original,
        }),
      );
      continue;
    }
    const offered = (blocks.credentials ?? []).some(
      c => c.id === choice.credential && c.dataSources.includes(source.id),
    );
    if (choice.credential && !offered) {
      notice(
        2,
        t('createWorkspace.duplicate.credentialGone', {
          credential: choice.credential,
          original,
          source: source.title,
        }),
      );
      const { credential: _dropped, ...rest } = choice;
      dataSources.push(rest);
    } else {
      dataSources.push(choice);
    }
  }
  next = { ...next, dataSources };
  const step = notices.size === 0 ? 0 : Math.min(...notices.keys());
  return { form: next, step, notices };
}

/**
 * What the copy's data is, source by source: new volumes start empty and
 * repositories are cloned again; sources that name an existing object (a
 * volume claim, an NFS export, a config map or secret) are the same object
 * as for the original, as for every workspace that chooses them.
 */
export function describeCopiedData(
  form: WorkspaceForm,
  sources: WorkspaceDataSource[],
  t: WorkspacesT,
): string[] {
  return form.dataSources.flatMap(choice => {
    const source = sources.find(s => s.id === choice.id);
    const title = source?.title ?? '';
    switch (source?.type) {
      case 'volume':
      case 'scratch':
        return [t(`createWorkspace.duplicate.data.${source.type}`, { title })];
      case 'git':
        return [
          t('createWorkspace.duplicate.data.git', {
            title,
            repository: source.repository,
          }),
        ];
      case 'pvc':
        return [
          t(
            source.readOnly
              ? 'createWorkspace.duplicate.data.pvcReadOnly'
              : 'createWorkspace.duplicate.data.pvc',
            { title, name: source.name },
          ),
        ];
      case 'nfs':
        return [
          t('createWorkspace.duplicate.data.nfs', {
            title,
            server: source.server,
            path: source.path,
          }),
        ];
      case 'configMap':
      case 'secret':
        return [
          t(`createWorkspace.duplicate.data.${source.type}`, {
            title,
            name: source.name,
          }),
        ];
      default:
        return [];
    }
  });
}
