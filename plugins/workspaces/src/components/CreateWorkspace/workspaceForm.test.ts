import { aWorkspace, blocks } from '../../__testUtils__/fixtures';
import { englishT } from '../../__testUtils__/translation';
import {
  checkForm,
  formOf,
  initialForm,
  readFieldError,
  stepOfField,
  toCreateRequest,
} from './workspaceForm';

const project = 'system:default/vision';

describe('workspaceForm', () => {
  it('starts with the first environment and preset and the first new volume', () => {
    expect(initialForm(project, blocks)).toEqual({
      image: '',
      project,
      name: '',
      environment: 'jupyterlab',
      preset: 'small',
      overrides: { cpu: '', memory: '', gpu: '' },
      dataSources: [{ id: 'home', size: '' }],
      env: [],
      start: true,
    });
  });

  it('turns the form into the create request, leaving out empty overrides', () => {
    const form = {
      ...initialForm(project, blocks),
      name: 'train',
      overrides: { cpu: '2', memory: '', gpu: '' },
      dataSources: [{ id: 'home', size: '20Gi' }],
      env: [{ name: 'TOKEN', value: 's3cret', secret: true }],
    };
    expect(toCreateRequest(form)).toEqual({
      project,
      name: 'train',
      environment: 'jupyterlab',
      compute: { preset: 'small', overrides: { cpu: '2' } },
      dataSources: [{ id: 'home', size: '20Gi' }],
      env: [{ name: 'TOKEN', value: 's3cret', secret: true }],
      start: true,
    });
  });

  it('finds the problems the backend would refuse, by field', () => {
    const form = {
      ...initialForm(project, blocks),
      name: 'Bad_Name',
      overrides: { cpu: '16', memory: '', gpu: 'two' },
      dataSources: [{ id: 'home', size: '1Ti' }],
      env: [{ name: 'MODE', value: '', secret: false }],
    };
    const problems = checkForm(form, blocks, { editing: false }, englishT);
    expect(problems.get('name')).toMatch(/is not a valid workspace name/);
    expect(problems.get('compute.overrides.cpu')).toBe(
      '16 is outside the range 500m to 4 that compute preset small allows',
    );
    expect(problems.get('compute.overrides.gpu')).toBe(
      "'two' is not a whole number of GPUs",
    );
    expect(problems.get('dataSources[0].size')).toBe(
      '1Ti is larger than 50Gi, the most data source home allows',
    );
    expect(problems.get('env[0].value')).toBe('a value is required');
  });

  it('keeps a stored secret of an edited workspace when its value is left empty', () => {
    const form = formOf(aWorkspace({ env: [{ name: 'TOKEN', secret: true }] }));
    expect(checkForm(form, blocks, { editing: true }, englishT).size).toBe(0);
    expect(toCreateRequest(form).env).toEqual([
      { name: 'TOKEN', secret: true },
    ]);
  });

  it('reads the field of a backend 400 and finds its step', () => {
    const problem = readFieldError(
      'dataSources[0].size: 100Gi is larger than 50Gi, the most data source home allows',
    );
    expect(problem).toEqual({
      field: 'dataSources[0].size',
      message: '100Gi is larger than 50Gi, the most data source home allows',
    });
    expect(stepOfField(problem!.field)).toBe(2);
    expect(stepOfField('compute.overrides.cpu')).toBe(1);
    expect(stepOfField('name')).toBe(3);
    expect(readFieldError('Something went wrong')).toBeUndefined();
  });
});
