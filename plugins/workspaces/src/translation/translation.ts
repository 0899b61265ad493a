import { createTranslationRef } from '@backstage/core-plugin-api/alpha';
import { workspacesMessages } from './messages';

/**
 * The texts of the Workspaces plugin's UI, by component. An app overrides
 * them with `createTranslationMessages` or adds a language with
 * `createTranslationResource`; German ships with the plugin.
 * @alpha
 */
export const workspacesTranslationRef = createTranslationRef({
  id: 'workspaces',
  messages: workspacesMessages,
  translations: {
    de: () => import('./de'),
  },
});
