import { aResponseError } from '../../__testUtils__/diagnostics';
import { englishT } from '../../__testUtils__/translation';
import { describeDiagnosticsProblem } from './DiagnosticsProblem';

describe('describeDiagnosticsProblem', () => {
  it.each([
    [
      409,
      'Stopped',
      'logs',
      'The workspace is stopped: there are no logs to show. Start it to see its logs.',
    ],
    [409, 'Pending', 'logs', 'No logs to show: the backend said why'],
    [
      400,
      'Running',
      'logs',
      'The request for logs was refused: the backend said why',
    ],
    [
      501,
      'Running',
      'events',
      'This Backstage cannot show the events of workspaces: the backend said why',
    ],
  ] as const)(
    'a %i (workspace %s, %s) reads %j',
    async (status, workspaceStatus, what, text) => {
      const error = await aResponseError(
        status,
        'Error',
        'the backend said why',
      );
      expect(
        describeDiagnosticsProblem(
          error,
          { status: workspaceStatus },
          what,
          englishT,
        )?.text,
      ).toBe(text);
    },
  );

  it('leaves other errors to the error panel', async () => {
    expect(
      describeDiagnosticsProblem(
        await aResponseError(500, 'Error', 'boom'),
        { status: 'Running' },
        'objects',
        englishT,
      ),
    ).toBeUndefined();
    expect(
      describeDiagnosticsProblem(
        new Error('offline'),
        { status: 'Running' },
        'logs',
        englishT,
      ),
    ).toBeUndefined();
  });
});
