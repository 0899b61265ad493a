import { Dispatch, SetStateAction, useEffect, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { WorkspacesApi } from '../../api';
import { copyNameQuery, suggestCopyName } from './duplicateWorkspace';
import {
  listTakenNames,
  suggestWorkspaceName,
  workspaceNameQuery,
} from './suggestName';
import { WorkspaceForm } from './workspaceForm';

/**
 * Gives the form a free name while the user has not typed one of their own:
 * `<name>-copy…` for a copy of `copyOf`, else `<environment>-<n>`, suggested
 * again when the environment changes. Nothing for an edited workspace
 * (`of` undefined).
 */
export function useSuggestedName(
  workspacesApi: Pick<WorkspacesApi, 'listWorkspaces'>,
  of: { project: string; environment: string; copyOf?: string } | undefined,
  setForm: Dispatch<SetStateAction<WorkspaceForm>>,
): void {
  const project = of?.project;
  const copyOf = of?.copyOf;
  // a copy's name does not follow its environment
  const environment = copyOf ? undefined : of?.environment;
  const suggestion = useAsync(async () => {
    if (!project) return undefined;
    if (copyOf) {
      const query = copyNameQuery(copyOf);
      const taken = await listTakenNames(workspacesApi, project, query);
      return suggestCopyName(copyOf, taken);
    }
    if (!environment) return undefined;
    const query = workspaceNameQuery(environment);
    const taken = await listTakenNames(workspacesApi, project, query);
    return suggestWorkspaceName(environment, taken);
  }, [workspacesApi, project, copyOf, environment]);

  const suggested = useRef('');
  useEffect(() => {
    const name = suggestion.value;
    if (!name) return;
    const previous = suggested.current;
    suggested.current = name;
    // a name the user typed stays; the previous suggestion gives way
    setForm(form =>
      form.name === '' || form.name === previous ? { ...form, name } : form,
    );
  }, [suggestion.value, setForm]);
}
