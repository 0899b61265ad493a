import {
  decideDormancyAction,
  DormancyAction,
  DormancyDecisionInput,
} from './decideDormancyAction';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const policy = {
  warnAfterDays: 30,
  deleteAfterDays: 7,
  delete: 'volumes' as const,
};
const stopped: DormancyDecisionInput['workspace'] = {
  desiredState: 'Stopped',
  stoppedAt: day(0),
};
const warned = (at: number, deleteAt = at + 7) => ({
  ...stopped,
  dormancyWarning: { warnedAt: day(at), deleteAt: day(deleteAt) },
});

describe('decideDormancyAction', () => {
  const cases: Array<
    [string, Partial<DormancyDecisionInput>, DormancyAction['kind'], object?]
  > = [
    ['nothing before warnAfterDays', { now: day(29.9) }, 'none'],
    [
      'warns at warnAfterDays, naming a deletion deleteAfterDays later',
      { now: day(30) },
      'warn',
      { deleteAt: day(37), deletion: 'volumes' },
    ],
    [
      'warns late after an outage, and the deletion is still deleteAfterDays away',
      { now: day(90) },
      'warn',
      { deleteAt: day(97) },
    ],
    [
      'a keep-alive restarts the clock',
      {
        workspace: { ...stopped, dormancyKeptAliveAt: day(20) },
        now: day(40),
      },
      'none',
    ],
    [
      'warns again a full period after the keep-alive',
      {
        workspace: { ...stopped, dormancyKeptAliveAt: day(20) },
        now: day(50),
      },
      'warn',
    ],
    [
      'nothing between the warning and its deletion time',
      { workspace: warned(30), now: day(36.9) },
      'none',
    ],
    [
      'deletes the volumes at the time the warning named',
      { workspace: warned(30), now: day(37) },
      'delete',
      { deletion: 'volumes', stoppedDays: 37 },
    ],
    [
      'deletes the workspace when configured so',
      {
        workspace: warned(30),
        policy: { ...policy, delete: 'workspace' },
        now: day(40),
      },
      'delete',
      { deletion: 'workspace' },
    ],
    [
      'a shorter deleteAfterDays after the warning does not bring the deletion forward',
      {
        workspace: warned(30),
        policy: { ...policy, deleteAfterDays: 1 },
        now: day(32),
      },
      'none',
    ],
    [
      'a longer deleteAfterDays after the warning postpones it',
      {
        workspace: warned(30),
        policy: { ...policy, deleteAfterDays: 14 },
        now: day(40),
      },
      'none',
    ],
    [
      'a workspace never warned is warned, never deleted, however long it was stopped',
      { now: day(10_000) },
      'warn',
    ],
    [
      'a keep-alive after the warning withdraws it',
      {
        workspace: { ...warned(30), dormancyKeptAliveAt: day(31) },
        now: day(40),
      },
      'clearWarning',
    ],
    [
      'dormancy turned off for the project withdraws the warning',
      { workspace: warned(30), policy: undefined, now: day(40) },
      'clearWarning',
    ],
    [
      'nothing where dormancy is off',
      { policy: undefined, now: day(400) },
      'none',
    ],
    [
      'nothing for a running workspace',
      {
        workspace: { desiredState: 'Running' },
        now: day(400),
      },
      'none',
    ],
    [
      'nothing once the volumes are deleted',
      {
        workspace: { ...stopped, volumesDeletedAt: day(37) },
        now: day(400),
      },
      'none',
    ],
    [
      'a workspace whose volumes are deleted is still deleted when the policy says workspace',
      {
        workspace: { ...warned(60), volumesDeletedAt: day(37) },
        policy: { ...policy, delete: 'workspace' },
        now: day(70),
      },
      'delete',
      { deletion: 'workspace' },
    ],
  ];

  it.each(
    cases.map(([name, input, kind, fields]) => ({
      name,
      input,
      kind,
      fields: fields ?? {},
    })),
  )('$name', ({ input, kind, fields }) => {
    const action = decideDormancyAction({
      workspace: stopped,
      policy,
      now: day(0),
      ...input,
    });
    expect(action.kind).toBe(kind);
    expect(action).toMatchObject(fields);
  });
});
