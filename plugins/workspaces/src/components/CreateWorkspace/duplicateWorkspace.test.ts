import {
  checkWorkspaceName,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { aWorkspace, blocks } from '../../__testUtils__/fixtures';
import { englishT } from '../../__testUtils__/translation';
import {
  copyNameQuery,
  describeCopiedData,
  duplicateFormOf,
  fitCopyToBlocks,
  secretsToReenter,
  suggestCopyName,
} from './duplicateWorkspace';
import { checkForm, toCreateRequest } from './workspaceForm';

const original = aWorkspace({
  name: 'churn-model',
  environment: 'vscode',
  image: 'registry.example.com/team/lab:2',
  compute: { preset: 'small', overrides: { cpu: '2' } },
  dataSources: [
    { id: 'home', size: '20Gi' },
    { id: 'examples', credential: 'git-token' },
  ],
  env: [
    { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
    { name: 'API_TOKEN', secret: true },
  ],
  schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
});

/** The fixtures' blocks with a git source and a credential to clone it with. */
const withGit: WorkspaceBuildingBlocks = {
  ...blocks,
  dataSources: [
    ...blocks.dataSources,
    {
      id: 'examples',
      title: 'Examples',
      mountPath: '/home/jovyan/examples',
      type: 'git',
      repository: 'https://git.example.com/ml/examples.git',
      scope: { kind: 'all' },
    },
  ],
  credentials: [
    {
      id: 'git-token',
      title: 'Git token',
      type: 'git',
      environments: [],
      dataSources: ['examples'],
    },
  ],
};

describe('suggestCopyName', () => {
  it('suggests <name>-copy when it is free', () => {
    expect(suggestCopyName('churn-model', ['churn-model'])).toBe(
      'churn-model-copy',
    );
  });

  it('counts up past the copies the project already has', () => {
    expect(
      suggestCopyName('churn-model', [
        'churn-model',
        'churn-model-copy',
        'churn-model-copy-2',
        'churn-model-copy-4',
      ]),
    ).toBe('churn-model-copy-3');
  });

  it('cuts a long name so that the suggestion is still a valid name', () => {
    const long = 'a-very-long-workspace-name-of-forty-ch';
    expect(suggestCopyName(long, [long])).toBe(
      'a-very-long-workspace-name-of-forty-copy',
    );
    const taken = [long, 'a-very-long-workspace-name-of-forty-copy'];
    const suggestion = suggestCopyName(long, taken);
    expect(suggestion).toBe('a-very-long-workspace-name-of-for-copy-2');
    expect(suggestion).toHaveLength(40);
    expect(checkWorkspaceName(suggestion)).toBeUndefined();
  });

  it('never leaves a dash before the suffix where the cut falls on one', () => {
    const name = 'abcdefghijklmnopqrstuvwxyzabcdefghij-klm';
    expect(suggestCopyName(name, [])).toBe(
      'abcdefghijklmnopqrstuvwxyzabcdefghi-copy',
    );
    const cutAtDash = 'abcdefghijklmnopqrstuvwxyzabcdefgh-ijklm';
    expect(suggestCopyName(cutAtDash, [])).toBe(
      'abcdefghijklmnopqrstuvwxyzabcdefgh-copy',
    );
  });

  it('queries a stem that every suggestion contains', () => {
    for (const name of [
      'churn-model',
      'a-very-long-workspace-name-of-forty-ch',
      'abcdefghijklmnopqrstuvwxyzabcdefghi-jklm',
    ]) {
      const stem = copyNameQuery(name);
      const taken: string[] = [];
      for (let n = 0; n < 12; n++) {
        const suggestion = suggestCopyName(name, taken);
        expect(suggestion).toContain(stem);
        taken.push(suggestion);
      }
    }
    expect(copyNameQuery('churn-model')).toBe('churn-model');
  });
});

describe('duplicateFormOf', () => {
  it('takes over the spec, without the name and without secret values', () => {
    expect(duplicateFormOf(original)).toEqual({
      project: 'system:default/vision',
      name: '',
      environment: 'vscode',
      image: 'registry.example.com/team/lab:2',
      preset: 'small',
      overrides: { cpu: '2', memory: '', gpu: '' },
      dataSources: [
        { id: 'home', size: '20Gi' },
        { id: 'examples', size: '', credential: 'git-token' },
      ],
      env: [
        { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
        { name: 'API_TOKEN', value: '', secret: true },
      ],
      schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
      start: true,
    });
  });

  it('asks for the secret values again and refuses the copy without them', () => {
    const form = { ...duplicateFormOf(original), name: 'churn-model-copy' };
    expect(secretsToReenter(form)).toEqual(['API_TOKEN']);
    expect(
      checkForm(form, withGit, { editing: false }, englishT).get(
        'env[1].value',
      ),
    ).toBe('a value is required');
    const entered = {
      ...form,
      env: form.env.map(v => (v.secret ? { ...v, value: 'new-token' } : v)),
    };
    expect(secretsToReenter(entered)).toEqual([]);
  });

  it('makes the create request of the copy, schedule included', () => {
    const form = {
      ...duplicateFormOf(original),
      name: 'churn-model-copy',
      env: [{ name: 'API_TOKEN', value: 'new-token', secret: true }],
    };
    // the original's spec as the API gave it, with the new name and value
    const { project, environment, image, compute, dataSources, schedule } =
      original;
    expect(toCreateRequest(form)).toEqual({
      project,
      name: 'churn-model-copy',
      environment,
      image,
      compute,
      dataSources,
      env: [{ name: 'API_TOKEN', value: 'new-token', secret: true }],
      schedule,
      start: true,
    });
  });
});

describe('fitCopyToBlocks', () => {
  it('changes nothing and opens at the first step when all is still offered', () => {
    const form = duplicateFormOf(original);
    const fit = fitCopyToBlocks(form, withGit, 'churn-model', englishT);
    expect(fit).toEqual({ form, step: 0, notices: new Map() });
  });

  it('takes out a preset no longer offered and opens at the compute step', () => {
    const fit = fitCopyToBlocks(
      duplicateFormOf(aWorkspace({ compute: { preset: 'retired-gpu' } })),
      blocks,
      'churn-model',
      englishT,
    );
    expect(fit.step).toBe(1);
    expect(fit.form.preset).toBe('');
    expect(fit.notices.get(1)).toEqual([
      'The compute preset retired-gpu of churn-model is no longer offered in this project: choose another.',
    ]);
  });

  it('opens at the earliest step of several, with each notice at its step', () => {
    const fit = fitCopyToBlocks(
      duplicateFormOf(original),
      blocks,
      'churn-model',
      englishT,
    );
    // blocks has no git source: the data step; vscode and small are offered
    expect(fit.step).toBe(2);
    expect(fit.form.dataSources).toEqual([{ id: 'home', size: '20Gi' }]);
    expect(fit.notices.get(2)).toEqual([
      'The data source examples of churn-model is no longer offered in this project, so the copy goes without it.',
    ]);

    const gone = fitCopyToBlocks(
      duplicateFormOf(
        aWorkspace({ environment: 'old-lab', compute: { preset: 'old' } }),
      ),
      blocks,
      'churn-model',
      englishT,
    );
    expect(gone.step).toBe(0);
    expect(gone.form.environment).toBe('');
    expect([...gone.notices.keys()]).toEqual([0, 1]);
  });

  it('drops a credential no longer offered for a source, keeping the source', () => {
    const fit = fitCopyToBlocks(
      duplicateFormOf(original),
      { ...withGit, credentials: [] },
      'churn-model',
      englishT,
    );
    expect(fit.step).toBe(2);
    expect(fit.form.dataSources).toEqual([
      { id: 'home', size: '20Gi' },
      { id: 'examples', size: '' },
    ]);
    expect(fit.notices.get(2)).toEqual([
      'The credential git-token that churn-model clones Examples with is no longer offered for it.',
    ]);
  });
});

describe('describeCopiedData', () => {
  it('says which data is new and which is shared with the original', () => {
    const sources: WorkspaceBuildingBlocks['dataSources'] = [
      ...withGit.dataSources,
      {
        id: 'datasets',
        title: 'Datasets',
        mountPath: '/data',
        type: 'pvc',
        name: 'shared-datasets',
        readOnly: true,
        scope: { kind: 'all' },
      },
    ];
    const form = {
      ...duplicateFormOf(original),
      dataSources: [
        { id: 'home', size: '' },
        { id: 'examples', size: '' },
        { id: 'datasets', size: '' },
      ],
    };
    expect(describeCopiedData(form, sources, englishT)).toEqual([
      'Home: a new, empty volume',
      'Examples: cloned again from https://git.example.com/ml/examples.git',
      'Datasets: the existing volume claim shared-datasets, shared with the original and every workspace that chooses it (read-only)',
    ]);
  });
});
