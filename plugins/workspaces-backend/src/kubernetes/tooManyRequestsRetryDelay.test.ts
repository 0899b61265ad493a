import {
  parseRetryAfter,
  tooManyRequestsRetryDelay,
} from './tooManyRequestsRetryDelay';

const policy = { baseMs: 100, capMs: 5_000, maxRetries: 3 };
const nowMs = Date.parse('2025-01-01T00:00:00Z');

describe('tooManyRequestsRetryDelay', () => {
  it('waits at least what Retry-After asks, plus a random share of the back-off', () => {
    expect(
      tooManyRequestsRetryDelay({
        retry: 0,
        retryAfter: '1',
        nowMs,
        random: 0,
        policy,
      }),
    ).toBe(1_000);
    expect(
      tooManyRequestsRetryDelay({
        retry: 2,
        retryAfter: '1',
        nowMs,
        random: 0.5,
        policy,
      }),
    ).toBe(1_000 + 200);
  });

  it('reads Retry-After as an HTTP date too', () => {
    expect(
      tooManyRequestsRetryDelay({
        retry: 0,
        retryAfter: 'Wed, 01 Jan 2025 00:00:03 GMT',
        nowMs,
        random: 0,
        policy,
      }),
    ).toBe(3_000);
  });

  it('caps what Retry-After asks, and the back-off', () => {
    expect(
      tooManyRequestsRetryDelay({
        retry: 0,
        retryAfter: '3600',
        nowMs,
        random: 0.9,
        policy,
      }),
    ).toBe(5_000);
    expect(
      tooManyRequestsRetryDelay({
        retry: 2,
        nowMs,
        random: 0.999,
        policy: { ...policy, maxRetries: 50, capMs: 300 },
      }),
    ).toBe(300);
  });

  it('without Retry-After, doubles the back-off at each retry, jittered within its upper half', () => {
    const delays = [0, 1, 2].map(retry => [
      tooManyRequestsRetryDelay({ retry, nowMs, random: 0, policy }),
      tooManyRequestsRetryDelay({ retry, nowMs, random: 0.999999, policy }),
    ]);
    expect(delays).toEqual([
      [50, 100],
      [100, 200],
      [200, 400],
    ]);
  });

  it('gives up after maxRetries retries', () => {
    expect(
      tooManyRequestsRetryDelay({
        retry: 3,
        retryAfter: '1',
        nowMs,
        random: 0,
        policy,
      }),
    ).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['2', 2_000],
    ['0.5', 500],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
  ])('reads %p as %p ms', (header, expected) => {
    expect(parseRetryAfter(header, nowMs)).toBe(expected);
  });
});
