/** Share of the limit kept in reserve for jitter between our claim and the provider's arrival. */
const SAFETY_MARGIN = 0.02;

/**
 * The shape of a token bucket that never lets more than `limit` messages out in ANY window of
 * `windowSeconds` (the provider counts over a rolling window): at most `capacity + perSecond *
 * windowSeconds` tokens can be spent in such a window, which is 98% of the limit. The burst is
 * one second's share; the 2% left over absorbs messages that reach the provider a little late.
 */
export function sendRateBucket(limit: number, windowSeconds: number): { capacity: number; perSecond: number } {
  const capacity = Math.max(1, Math.floor(limit / windowSeconds));
  return { capacity, perSecond: (limit * (1 - SAFETY_MARGIN) - capacity) / windowSeconds };
}

/** Tokens in the bucket after `elapsedSeconds` of refilling. */
export function refilled(tokens: number, elapsedSeconds: number, bucket: { capacity: number; perSecond: number }): number {
  return Math.min(bucket.capacity, tokens + Math.max(0, elapsedSeconds) * bucket.perSecond);
}
