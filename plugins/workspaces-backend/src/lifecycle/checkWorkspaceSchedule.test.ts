import { checkWorkspaceSchedule } from './checkWorkspaceSchedule';

const limits = {
  enabled: true,
  allowStart: true,
  defaultTimeZone: 'UTC',
  maxWindowHours: 12,
};

describe('checkWorkspaceSchedule', () => {
  it('accepts a daily stop, and a weekday start within the window', () => {
    expect(() =>
      checkWorkspaceSchedule(
        {
          timeZone: 'Europe/Berlin',
          start: { time: '08:00', days: ['Mon', 'Fri'] },
          stop: { time: '19:30' },
        },
        limits,
      ),
    ).not.toThrow();
  });

  it.each([
    [
      { stop: { time: '25:00' } },
      limits,
      /^schedule.stop.time: '25:00' is not a time of day HH:MM/,
    ],
    [{ stop: { time: '7:00' } }, limits, /^schedule.stop.time/],
    [
      { timeZone: 'Mars/Base', stop: { time: '19:00' } },
      limits,
      /^schedule.timeZone: 'Mars\/Base' is not an IANA time zone/,
    ],
    [{ start: { time: '08:00' } }, limits, /^schedule.stop: required/],
    [
      { stop: { time: '19:00', days: ['Mon', 'Mon'] } },
      limits,
      /^schedule.stop.days: each day at most once/,
    ],
    [
      { start: { time: '06:00' }, stop: { time: '20:00' } },
      limits,
      /^schedule: from 06:00 to 20:00 a workspace runs 14 h a day; at most 12 h are allowed \(workspaces.lifecycle.schedules.maxWindowHours\)/,
    ],
    [
      { start: { time: '20:00' }, stop: { time: '09:00' } },
      limits,
      /runs 13 h a day/,
    ],
    [
      { start: { time: '08:00' }, stop: { time: '18:00' } },
      { ...limits, allowStart: false },
      /^schedule.start: scheduled starts are turned off by the admins/,
    ],
    [
      { stop: { time: '18:00' } },
      { ...limits, enabled: false },
      /^schedule: schedules are turned off/,
    ],
  ] as const)('refuses %j', (schedule, given, message) => {
    expect(() => checkWorkspaceSchedule(schedule as any, given)).toThrow(
      message,
    );
  });
});
