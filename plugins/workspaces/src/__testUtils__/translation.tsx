import { errorApiRef } from '@backstage/core-plugin-api';
import {
  createTranslationRef,
  TranslationApi,
  translationApiRef,
} from '@backstage/core-plugin-api/alpha';
import { MockErrorApi, mockApis, TestApiProvider } from '@backstage/test-utils';
import { render } from '@testing-library/react';
import { ReactElement, ReactNode } from 'react';
import { workspacesTranslationRef, WorkspacesT } from '../translation';
import de from '../translation/de';

/** The plugin's `t` with its English texts, for helpers that phrase text. */
export const englishT: WorkspacesT = mockApis
  .translation()
  .getTranslation(workspacesTranslationRef).t as WorkspacesT;

/**
 * A translation API that answers the plugin's texts in German, from the
 * translation the plugin ships for `de` (the app's API loads the same
 * module when the user picks German).
 */
export function germanTranslationApi(): TranslationApi {
  const german = createTranslationRef({
    id: workspacesTranslationRef.id,
    messages: de,
  });
  const api = mockApis.translation();
  return {
    getTranslation: () => api.getTranslation(german) as any,
    translation$: () => api.translation$(german) as any,
  };
}

/** The APIs the plugin's components need to render, in English. */
function TranslationsProvider(props: { children?: ReactNode }) {
  return (
    <TestApiProvider
      apis={[
        [translationApiRef, mockApis.translation()],
        [errorApiRef, new MockErrorApi()],
      ]}
    >
      {props.children}
    </TestApiProvider>
  );
}

/** Testing Library's `render`, with the plugin's English texts. */
export function renderWithTranslations(element: ReactElement) {
  return render(element, { wrapper: TranslationsProvider });
}
