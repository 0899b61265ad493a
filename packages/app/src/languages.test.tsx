import { createApp } from '@backstage/frontend-defaults';
import {
  appLanguageApiRef,
  createFrontendModule,
  createTranslationMessages,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  TranslationBlueprint,
} from '@backstage/plugin-app-react';
import { UserSettingsLanguageToggle } from '@backstage/plugin-user-settings';
import { workspacesTranslationRef } from '@backstage-workspaces/plugin-workspaces/alpha';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
// the test reads the demo's app-config.yaml from disk, as the app's build does
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { resolve } from 'path';
import { parse } from 'yaml';

/** The demo's own language setting, from app-config.yaml. */
function appLanguageConfig() {
  const config = parse(
    readFileSync(resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
  );
  return config.app.extensions.filter(
    (extension: object) => 'api:app/app-language' in extension,
  );
}

/**
 * Stands in for the sign-in page: the languages, the language switch of
 * Settings and a workspaces text.
 */
function LanguageProbe() {
  const languageApi = useApi(appLanguageApiRef);
  const { t } = useTranslationRef(workspacesTranslationRef);
  return (
    <>
      <p>
        Languages: {languageApi.getAvailableLanguages().languages.join(', ')}
      </p>
      <UserSettingsLanguageToggle />
      <p>{t('page.subtitle')}</p>
    </>
  );
}

/** The probe as the app's sign-in page, plus `extensions` of the app. */
function probeModule(...extensions: any[]) {
  return createFrontendModule({
    pluginId: 'app',
    extensions: [
      SignInPageBlueprint.make({
        params: { loader: async () => LanguageProbe },
      }),
      ...extensions,
    ],
  });
}

function configure(app: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test', ...app },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as any,
  };
}

describe('the languages of the demo app', () => {
  afterEach(() => localStorage.clear());

  it('offers English and German, and the Workspaces texts follow a switch to German', async () => {
    const extensions = appLanguageConfig();
    expect(extensions).toHaveLength(1);
    configure({ extensions });

    render(createApp({ features: [probeModule()] }).createRoot());

    expect(
      await screen.findByText('Languages: en, de', {}, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Work environments for data science in your projects'),
    ).toBeInTheDocument();
    // Settings' language switch, as on the General tab
    await userEvent.click(screen.getByText('English'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Deutsch' }),
    );
    // the app's translation API loads the German the plugin ships
    expect(
      await screen.findByText(
        'Arbeitsumgebungen für Data Science in Ihren Projekten',
      ),
    ).toBeInTheDocument();
  });

  it('lets the app override a Workspaces text', async () => {
    configure({});
    const subtitle = TranslationBlueprint.make({
      name: 'workspaces-subtitle',
      params: {
        resource: createTranslationMessages({
          ref: workspacesTranslationRef,
          messages: {
            'page.subtitle': 'Notebooks and GPUs for the data teams',
          },
        }),
      },
    });

    render(createApp({ features: [probeModule(subtitle)] }).createRoot());

    expect(
      await screen.findByText(
        'Notebooks and GPUs for the data teams',
        {},
        { timeout: 15000 },
      ),
    ).toBeInTheDocument();
  });
});
