import { Weekday } from '@backstage-workspaces/plugin-workspaces-common';

const WEEKDAYS: Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Days a rule applies on when it names none. */
export const DEFAULT_STOP_DAYS: Weekday[] = [...WEEKDAYS];
export const DEFAULT_START_DAYS: Weekday[] = [
  'Mon',
  'Tue',
  'Wed',
  'Thu',
  'Fri',
];

/** A time of day on some weekdays, e.g. 19:00 every day. */
export interface ScheduleRule {
  time: string;
  days: Weekday[];
}

/** Whether a name is an IANA time zone this runtime knows, e.g. Europe/Berlin. */
export function isTimeZone(timeZone: string): boolean {
  try {
    return Boolean(
      new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone,
    );
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in a time zone. */
function localFields(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as Record<
    'year' | 'month' | 'day' | 'hour' | 'minute' | 'second',
    number
  >;
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time of a zone happens (DST gaps move forward). */
function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  return Math.max(first, second);
}

/** The rule's occurrences on the local days around an instant, in order. */
function occurrencesAround(
  rule: ScheduleRule,
  timeZone: string,
  around: Date,
): number[] {
  const [hour, minute] = rule.time.split(':').map(Number);
  const today = localFields(around.getTime(), timeZone);
  const found: number[] = [];
  for (let shift = -8; shift <= 8; shift++) {
    const date = new Date(
      Date.UTC(today.year, today.month - 1, today.day + shift),
    );
    if (!rule.days.includes(WEEKDAYS[date.getUTCDay()])) continue;
    found.push(
      instantOf(
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
        hour,
        minute,
        timeZone,
      ),
    );
  }
  return found;
}

/** The rule's first occurrence after `after`. */
export function nextOccurrence(
  rule: ScheduleRule,
  timeZone: string,
  after: Date,
): Date | undefined {
  const next = occurrencesAround(rule, timeZone, after).find(
    time => time > after.getTime(),
  );
  return next === undefined ? undefined : new Date(next);
}

/** The rule's last occurrence at or before `atOrBefore`. */
export function previousOccurrence(
  rule: ScheduleRule,
  timeZone: string,
  atOrBefore: Date,
): Date | undefined {
  const previous = occurrencesAround(rule, timeZone, atOrBefore)
    .filter(time => time <= atOrBefore.getTime())
    .pop();
  return previous === undefined ? undefined : new Date(previous);
}
