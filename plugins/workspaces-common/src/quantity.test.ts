import { formatCpu, formatMemory, parseQuantity } from './quantity';

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

describe('formatCpu and formatMemory', () => {
  it.each([
    [0.5, '500m'],
    [2, '2'],
    [1.25, '1250m'],
  ])('writes %d cores as %s', (cores, expected) => {
    expect(formatCpu(cores)).toBe(expected);
  });

  it.each([
    [8 * 2 ** 30, '8Gi'],
    [1536 * 2 ** 20, '1536Mi'],
    [1000, '1000'],
  ])('writes %d bytes as %s', (bytes, expected) => {
    expect(formatMemory(bytes)).toBe(expected);
  });

  it('round-trips with parseQuantity', () => {
    expect(parseQuantity(formatMemory(parseQuantity('12Gi')!))).toBe(
      12 * 2 ** 30,
    );
    expect(parseQuantity(formatCpu(parseQuantity('750m')!))).toBeCloseTo(0.75);
  });
});
