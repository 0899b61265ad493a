import { InputError } from '@backstage/errors';
import { readEntityRefQuery } from './readQuery';

describe('readEntityRefQuery', () => {
  it('reads a short ref as the full lower-case ref', () => {
    expect(readEntityRefQuery('Vision', 'project', 'system')).toBe(
      'system:default/vision',
    );
  });

  it.each(['\u0000', 'vis\u0000ion', 'system:default/a\nb', '\u007f'])(
    'refuses a ref with a control character (%j) as bad input naming the field, before it reaches the database',
    value => {
      expect(() => readEntityRefQuery(value, 'project', 'system')).toThrow(
        new InputError(
          'project: must not contain control characters (an entity ref such as system:default/name)',
        ),
      );
    },
  );
});
