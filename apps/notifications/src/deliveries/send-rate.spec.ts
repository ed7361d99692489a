import { refilled, sendRateBucket } from './send-rate';

describe('the shared send-rate bucket', () => {
  it.each([
    [3000, 60],
    [600, 60],
    [1000, 10],
    [10, 60],
  ])('lets fewer than %i messages out in any %i-second window, however requests fall', (limit, windowSeconds) => {
    const bucket = sendRateBucket(limit, windowSeconds);
    // Greedy senders spend every token the moment it exists, starting with a full bucket.
    let tokens = bucket.capacity;
    const sentAt: number[] = [];
    const step = 0.01;
    for (let t = 0; t < windowSeconds * 3; t += step) {
      tokens = refilled(tokens, step, bucket);
      while (tokens >= 1) {
        tokens -= 1;
        sentAt.push(t);
      }
    }
    let most = 0;
    for (let i = 0, j = 0; i < sentAt.length; i += 1) {
      while (sentAt[i] - sentAt[j] >= windowSeconds) j += 1;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(Math.floor(limit * 0.98));
    // ...and the limit is used, not wasted: close to it in a window.
    expect(most).toBeGreaterThanOrEqual(Math.floor(limit * 0.98) - bucket.capacity - 1);
  });

  it('never holds more than one second of burst', () => {
    const bucket = sendRateBucket(3000, 60);
    expect(bucket.capacity).toBe(50);
    expect(refilled(0, 3600, bucket)).toBe(50);
  });
});
