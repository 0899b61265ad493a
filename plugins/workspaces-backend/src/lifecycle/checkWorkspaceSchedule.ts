import { InputError } from '@backstage/errors';
import { WorkspaceSchedule } from '@backstage-workspaces/plugin-workspaces-common';
import { LifecyclePolicyConfig } from './readLifecyclePolicy';
import { isTimeZone } from './scheduleOccurrences';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const key = 'workspaces.lifecycle.schedules';

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Refuses a schedule the admins' limits don't allow, naming the field and
 * the rule: a 400 for the API.
 */
export function checkWorkspaceSchedule(
  schedule: WorkspaceSchedule,
  limits: LifecyclePolicyConfig['schedules'],
): void {
  if (!limits.enabled) {
    throw new InputError(
      `schedule: schedules are turned off by the admins (${key}.enabled)`,
    );
  }
  if (schedule.timeZone !== undefined && !isTimeZone(schedule.timeZone)) {
    throw new InputError(
      `schedule.timeZone: '${schedule.timeZone}' is not an IANA time zone such as Europe/Berlin`,
    );
  }
  for (const field of ['stop', 'start'] as const) {
    const rule = schedule[field];
    if (rule && !TIME.test(rule.time)) {
      throw new InputError(
        `schedule.${field}.time: '${rule.time}' is not a time of day HH:MM from 00:00 to 23:59`,
      );
    }
    if (rule?.days && new Set(rule.days).size !== rule.days.length) {
      throw new InputError(`schedule.${field}.days: each day at most once`);
    }
    if (rule?.days?.length === 0) {
      throw new InputError(
        `schedule.${field}.days: name at least one day, or leave it out`,
      );
    }
  }
  if (!schedule.stop) {
    throw new InputError(
      'schedule.stop: required, so that every scheduled run ends; give a time such as 19:00',
    );
  }
  if (schedule.start) {
    if (!limits.allowStart) {
      throw new InputError(
        `schedule.start: scheduled starts are turned off by the admins (${key}.allowStart)`,
      );
    }
    const window =
      (minutesOf(schedule.stop.time) - minutesOf(schedule.start.time) + 1440) %
        1440 || 1440;
    if (window > limits.maxWindowHours * 60) {
      throw new InputError(
        `schedule: from ${schedule.start.time} to ${
          schedule.stop.time
        } a workspace runs ${
          Math.round((window / 60) * 10) / 10
        } h a day; at most ${
          limits.maxWindowHours
        } h are allowed (${key}.maxWindowHours)`,
      );
    }
  }
}
