import { Config } from '@backstage/config';
import { parseQuantity } from '@backstage-workspaces/plugin-workspaces-common';

/*
 * Readers of config values that fail the backend's start with a message
 * naming the key and the rule.
 */

/** Fails the start at a config key, saying what is wrong with it. */
export function fail(key: string, message: string): never {
  throw new Error(`Invalid config at '${key}': ${message}`);
}

/** A string value, one of `allowed` (or `fallback` when absent). */
export function readOneOf<T extends string>(
  config: Config,
  name: string,
  key: string,
  allowed: readonly string[],
  fallback?: T,
): T {
  const value = fallback
    ? config.getOptionalString(name) ?? fallback
    : config.getString(name);
  if (!allowed.includes(value)) {
    fail(`${key}.${name}`, `'${value}' must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A Kubernetes quantity, e.g. `500m`, `2` or `8Gi`. */
export function readQuantity(
  config: Config,
  name: string,
  key: string,
): string {
  const value = config.getString(name);
  if (parseQuantity(value) === undefined) {
    fail(
      `${key}.${name}`,
      `'${value}' is not a Kubernetes quantity (e.g. 500m, 2, 8Gi)`,
    );
  }
  return value;
}

/** A Kubernetes quantity if the key is there. */
export function readOptionalQuantity(
  config: Config,
  name: string,
  key: string,
) {
  return config.has(name) ? readQuantity(config, name, key) : undefined;
}

/** What a number of the config must be, and how a message says it. */
export interface NumberRule {
  holds: (value: number) => boolean;
  says: string;
}

/** 0 or more, e.g. a threshold where 0 turns something off. */
export const ZERO_OR_MORE: NumberRule = {
  holds: value => value >= 0,
  says: '0 or a number above 0',
};

/** A number at `key`.`name` (or `fallback` when absent) that keeps `rule`. */
export function readNumber(
  config: Config | undefined,
  key: string,
  name: string,
  fallback: number,
  rule: NumberRule,
): number {
  const value = config?.getOptionalNumber(name) ?? fallback;
  if (!rule.holds(value)) {
    fail(`${key}.${name}`, `${value} must be ${rule.says}`);
  }
  return value;
}

/** A number above 0 at `key`.`name` (or `fallback` when absent). */
export function readPositiveNumber(
  config: Config | undefined,
  key: string,
  name: string,
  fallback: number,
): number {
  return readNumber(config, key, name, fallback, {
    holds: value => value > 0,
    says: 'a number above 0',
  });
}
