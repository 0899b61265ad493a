import { formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [42_000, '42 s'],
    [60_000, '1 min'],
    [65 * 60_000, '65 min'],
    [90 * 60_000, '90 min'],
    [8 * 3_600_000, '8 h'],
    [12.5 * 3_600_000, '12 h 30 min'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
