import { TEST_USERS } from './startBackendWithWorkspaces';

/** A user of the actions' authorization matrices. */
export type Caller = keyof typeof TEST_USERS;

/** Who each caller is to the project experiments and its workspace. */
export const callers: Record<Caller, string> = {
  alice: 'creator (project owner)',
  mia: 'assigned member',
  otto: "other project's member",
  carol: 'admin',
  dave: 'unassigned',
};

/**
 * What each action may do for each caller with the plugin's default
 * decisions (the shipped policy): read and create for the project's people,
 * start and stop for the creator and admins. Unauthenticated and forged
 * callers cannot run a task at all: the scaffolder needs a signed-in user.
 */
export const expected: Record<string, Record<Caller, boolean>> = {
  'workspaces:building-blocks:get': {
    alice: true,
    mia: true,
    otto: true,
    carol: true,
    dave: true,
  },
  'workspaces:create': {
    alice: true,
    mia: true,
    otto: false,
    carol: true,
    dave: false,
  },
  'workspaces:start': {
    alice: true,
    mia: false,
    otto: false,
    carol: true,
    dave: false,
  },
  'workspaces:stop': {
    alice: true,
    mia: false,
    otto: false,
    carol: true,
    dave: false,
  },
};
