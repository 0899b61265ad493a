import { normalizeEntityRef } from './entityRefs';

describe('normalizeEntityRef', () => {
  it('fills in kind and namespace and lowers the case', () => {
    expect(normalizeEntityRef('Vision', { defaultKind: 'system' })).toBe(
      'system:default/vision',
    );
    expect(
      normalizeEntityRef('ml-team', {
        defaultKind: 'group',
        defaultNamespace: 'research',
      }),
    ).toBe('group:research/ml-team');
    expect(
      normalizeEntityRef('user:default/Alice', { defaultKind: 'group' }),
    ).toBe('user:default/alice');
  });

  it('refuses what is not an entity ref', () => {
    expect(() =>
      normalizeEntityRef('system:default/', { defaultKind: 'system' }),
    ).toThrow();
  });
});
