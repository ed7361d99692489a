import { receiptOutcome, retryDelaySeconds } from './retry-policy';

describe('retries and delivery receipts', () => {
  it('doubles the wait after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, 30))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(20, 30)).toBe(3600);
  });

  it.each([
    ['delivered', 'delivered'],
    ['permanent-failure', 'permanent-failure'],
    ['temporary-failure', 'temporary-failure'],
    ['technical-failure', 'temporary-failure'],
  ] as const)('Notify %s is recorded as %s', (notify, ours) => {
    const outcome = receiptOutcome(notify);
    expect(outcome.status).toBe(ours);
    expect(outcome.reason === null).toBe(ours === 'delivered');
  });
});
