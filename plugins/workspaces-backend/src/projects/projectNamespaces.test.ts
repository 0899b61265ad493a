import { projectNamespaces } from './projectNamespaces';

const project = (namespace?: string, name = 'p') => ({
  metadata: {
    name,
    annotations: (namespace === undefined
      ? {}
      : { 'backstage.io/kubernetes-namespace': namespace }) as Record<
      string,
      string
    >,
  },
});

describe('projectNamespaces', () => {
  it('takes the namespace annotation of each project, sorted and once each', () => {
    expect(
      projectNamespaces([
        project('vision'),
        project(' ml-fraud '),
        project('vision', 'other'),
      ]),
    ).toEqual(['ml-fraud', 'vision']);
  });

  it('skips entities that are not projects, and empty documents', () => {
    expect(
      projectNamespaces([project(undefined), project('  '), null, {}]),
    ).toEqual([]);
  });
});
