import { mockServices } from '@backstage/backend-test-utils';
import { TooManyRequests } from './TooManyRequests';

describe('TooManyRequests', () => {
  it('counts every 429 and logs at most once per interval, with how many came since', () => {
    const logger = mockServices.logger.mock();
    let now = 0;
    const counter = new TooManyRequests({
      cluster: 'local',
      logger,
      logIntervalMs: 1_000,
      now: () => now,
    });
    counter.record('GET /a', 1_000);
    now = 500;
    counter.record('GET /b', 1_200);
    counter.record('GET /c', undefined);
    now = 1_000;
    counter.record('PATCH /d', 900);

    expect(counter.count()).toBe(4);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /^Cluster local answered 429 Too Many Requests 1 times since the last report \(1 in all\); the last: GET \/a, retried in 1000 ms/,
    );
    expect(logger.warn.mock.calls[1][0]).toMatch(
      /3 times since the last report \(4 in all\); the last: PATCH \/d, retried in 900 ms/,
    );
  });
});
