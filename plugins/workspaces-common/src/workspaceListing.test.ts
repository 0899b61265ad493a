import { idleSince } from './workspaceListing';

describe('idleSince', () => {
  const start = '2026-11-30T12:00:00.000Z';

  it('is the last use during the current run', () => {
    expect(idleSince(start, '2026-11-30T12:30:00.000Z')).toBe(
      '2026-11-30T12:30:00.000Z',
    );
  });

  it('is the start of the run when the last use was in an earlier run, or never', () => {
    expect(idleSince(start, '2026-11-30T11:00:00.000Z')).toBe(start);
    expect(idleSince(start, undefined)).toBe(start);
  });

  it('is none without a current run', () => {
    expect(idleSince(undefined, '2026-11-30T11:00:00.000Z')).toBeUndefined();
  });

  it('compares dates by their time', () => {
    const used = new Date('2026-11-30T12:30:00.000Z');
    expect(idleSince(new Date(start), used)).toBe(used);
  });
});
