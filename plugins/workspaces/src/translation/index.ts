export { workspacesTranslationRef } from './translation';
export { useWorkspacesTranslation } from './useWorkspacesTranslation';
export type { WorkspacesT } from './useWorkspacesTranslation';
