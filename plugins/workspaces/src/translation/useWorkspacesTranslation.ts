import {
  TranslationFunction,
  useTranslationRef,
} from '@backstage/core-plugin-api/alpha';
import { workspacesTranslationRef } from './translation';

/** The `t` of the plugin's texts, for helpers that phrase text. */
export type WorkspacesT = TranslationFunction<
  typeof workspacesTranslationRef.T
>;

/** The plugin's texts in the user's language. */
export function useWorkspacesTranslation(): { t: WorkspacesT } {
  return useTranslationRef(workspacesTranslationRef);
}
