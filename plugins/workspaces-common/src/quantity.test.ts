import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['8Gi', 8 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1G', 1e9],
    ['100k', 1e5],
  ])('reads %s as %d', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected);
  });

  it.each(['', 'two', '8GB', '-1', '1e3', 'Gi', '1 Gi'])(
    'refuses %j',
    input => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );
});
