import { WorkspaceTool } from '@backstage-workspaces/plugin-workspaces-common';
import { atRoot } from './types/atRoot';
import { jupyterlab } from './types/jupyterlab';
import { rstudio } from './types/rstudio';
import { ToolType } from './types/ToolType';

/**
 * Every tool type, by name. The compiler refuses a type of `WorkspaceTool`
 * that has no entry here.
 */
export const toolTypes: { [T in WorkspaceTool['type']]: ToolType } = {
  jupyterlab,
  vscode: atRoot,
  tensorboard: atRoot,
  rstudio,
  http: atRoot,
};
