import { Config } from '@backstage/config';
import { readPositiveNumber } from '../config/configReaders';

/** `workspaces.connect`: tool sessions, with the defaults filled in. */
export interface ConnectSettings {
  /** A session ends after this long without a request. */
  idleTimeoutMs: number;
  /** A session ends this long after it began. */
  maxSessionMs: number;
  /** Last activity is written at most this often per workspace. */
  activityIntervalMs: number;
}

/** Reads `workspaces.connect`, checked at start: a wrong value names its key. */
export function readConnectSettings(root: Config): ConnectSettings {
  const key = 'workspaces.connect';
  const config = root.getOptionalConfig(key);
  const positive = (name: string, fallback: number) =>
    readPositiveNumber(config, key, name, fallback);
  return {
    idleTimeoutMs: positive('idleTimeoutMinutes', 60) * 60_000,
    maxSessionMs: positive('maxSessionMinutes', 12 * 60) * 60_000,
    activityIntervalMs: positive('activityIntervalSeconds', 60) * 1000,
  };
}
