import { capCrashLog, CRASH_LOG_MAX_BYTES } from './capCrashLog';

describe('capCrashLog', () => {
  it('keeps short logs as they are', () => {
    const log = { container: 'workspace', exitCode: 1, lines: ['a', 'b'] };
    expect(capCrashLog(log)).toEqual(log);
  });

  it('keeps the last lines that fit in 4 KiB, dropping the oldest', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(1000));
    const capped = capCrashLog({ container: 'workspace', lines });
    expect(capped.lines).toEqual(lines.slice(-4));
    expect(
      capped.lines.reduce((sum, line) => sum + line.length + 1, 0),
    ).toBeLessThanOrEqual(CRASH_LOG_MAX_BYTES);
  });

  it('cuts a single line longer than 4 KiB to its end', () => {
    const line = `${'x'.repeat(10_000)}the end`;
    const capped = capCrashLog({ container: 'workspace', lines: [line] });
    expect(capped.lines).toHaveLength(1);
    expect(capped.lines[0].length).toBe(CRASH_LOG_MAX_BYTES - 1);
    expect(capped.lines[0].endsWith('the end')).toBe(true);
  });
});
